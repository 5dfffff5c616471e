package org.carechain.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.carechain.cli.cluster.ClusterConfig;
import org.carechain.cli.cluster.DevTokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a JWT that the local cluster's services accept (development only).")
final class TokenCommand implements Callable<Integer> {

    private static final List<String> ROLES =
            List.of("patient", "clinician", "registrar", "auditor", "ca-officer", "admin");

    @Mixin
    ClusterOptions options;

    @Option(names = "--role", required = true, split = ",",
            description = "Role(s) for the token's groups claim: ${COMPLETION-CANDIDATES}.",
            completionCandidates = RoleCandidates.class)
    List<String> roles;

    @Option(names = "--subject", defaultValue = "local-operator",
            description = "The token's subject, a pseudonym (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--patient-ref", paramLabel = "REF", description = "A patient app's token: the patient's pseudonym "
            + "(64 hex) as the patient_ref claim, which consent and the trail take the patient from.")
    String patientRef;

    @Option(names = "--minutes", defaultValue = "60", description = "Validity in minutes (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Override
    public Integer call() {
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "'; expected one of " + ROLES);
            }
        }
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("--minutes must be between 1 and 1440");
        }
        ClusterConfig config = options.config();
        DevTokenIssuer issuer = DevTokenIssuer.loadOrCreate(config.jwtDir(), config.jwtIssuer());
        if (patientRef != null && !patientRef.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--patient-ref must be a patient pseudonym of 64 lowercase hex digits");
        }
        System.out.println(issuer.mint(subject, roles, Duration.ofMinutes(minutes),
                patientRef == null ? java.util.Map.of() : java.util.Map.of("patient_ref", patientRef)));
        return 0;
    }

    static final class RoleCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ROLES.iterator();
        }
    }
}
