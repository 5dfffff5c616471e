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
        System.out.println(issuer.mint(subject, roles, Duration.ofMinutes(minutes)));
        return 0;
    }

    static final class RoleCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ROLES.iterator();
        }
    }
}
