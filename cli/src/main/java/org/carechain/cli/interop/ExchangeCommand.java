package org.carechain.cli.interop;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.carechain.cli.search.SearchClient;
import org.carechain.cli.search.SearchCommand;
import org.carechain.cli.search.SearchSetup;
import org.carechain.cli.verify.VerifyFiles;
import org.carechain.crypto.Hash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carechain exchange fetch}: records from another provider, each verified before it is shown. */
@Command(name = "exchange", mixinStandardHelpOptions = true,
        description = "Record exchange between providers (docs/interop.md).",
        subcommands = ExchangeCommand.Fetch.class)
public final class ExchangeCommand {

    static final int VERIFIED = 0;
    static final int MISMATCH = 1;
    static final int CANNOT_RUN = 2;
    static final int REFUSED = 3;

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch a patient's records from another provider through your provider's gateway, open the",
                    "bundle sealed to your certificate's key and verify every record against the ehr genesis. Only",
                    "verified records are shown. Without --certificate, a synthetic clinician of the local cluster's",
                    "hospital1 is enrolled and asks. Exit code 0: all verified; 1: a record did not verify (it is not",
                    "shown); 2: could not run; 3: refused (e.g. on consent: the reason code is printed)."})
    static final class Fetch implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        InteropOptions where;

        @Option(names = "--provider", required = true, paramLabel = "ID", description = "The provider holding the records, e.g. hospital2.")
        String provider;

        @Option(names = "--patient", paramLabel = "REF", description = "The patient's pseudonym (64 hex); a patient's own "
                + "records when absent.")
        String patient;

        @Option(names = "--types", required = true, split = ",", paramLabel = "TYPE",
                description = "FHIR resource types, e.g. Observation,Condition.")
        List<String> types;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Clinical date from (inclusive).")
        String from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Clinical date to (exclusive).")
        String to;

        @Option(names = "--purpose", paramLabel = "CODE", description = "PurposeOfUse (default TREAT; ETREAT with --emergency).")
        String purpose;

        @Option(names = "--emergency", description = "Break-the-glass: read without consent, recorded as OVERRIDE and shown "
                + "in the patient's trail.")
        boolean emergency;

        @Option(names = "--genesis", paramLabel = "FILE", description = "The ehr channel's genesis file (default: the local "
                + "consortium's).")
        Path genesis;

        @Option(names = "--certificate", paramLabel = "FILE", description = "Your anonymous certificate (PEM).")
        Path certificateFile;

        @Option(names = "--key", paramLabel = "FILE", description = "Its private key (PKCS#8 PEM, Ed25519 or P-256).")
        Path keyFile;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the verified FHIR Bundle here instead of printing it.")
        Path outFile;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                ExchangeClient.Request request = request();
                if (where.explicitGateway() && (genesis == null || certificateFile == null)) {
                    throw new IllegalArgumentException("with --gateway, give --genesis and --certificate, --key and --token-file");
                }
                if (certificateFile == null && (keyFile != null || where.hasTokenFile())) {
                    throw new IllegalArgumentException("--key and --token-file go with --certificate");
                }
                SearchClient.Credentials credentials = certificateFile != null
                        ? SearchCommand.credentials(certificateFile, keyFile, where.tokenFile)
                        : SearchSetup.clinician(where.localCluster(), where.devTokens());
                ExchangeClient client = new ExchangeClient(where.gateway(),
                        VerifyFiles.genesis(genesis != null ? genesis : where.localEhrGenesis()));
                ExchangeClient.Result result = client.fetch(request, credentials);
                print(out, result);
                if (outFile != null) {
                    Files.writeString(outFile, result.verifiedBundle());
                    out.println("  the verified FHIR Bundle (" + result.verified().size() + " entries) is in " + outFile);
                } else {
                    out.println(result.verifiedBundle());
                }
                return result.allVerified() ? VERIFIED : MISMATCH;
            } catch (InteropFailure failure) {
                if (failure.refusedOnConsent()) {
                    err.println("carechain: REFUSED (" + failure.reason() + "): " + failure.getMessage());
                    err.println("carechain: the refusal is recorded on the chain as an access event");
                    return REFUSED;
                }
                err.println("carechain: " + failure.getMessage());
                return failure.status() == 0 ? MISMATCH : failure.status() == 403 || failure.status() == 401 ? REFUSED
                        : CANNOT_RUN;
            } catch (NoSuchFileException e) {
                err.println("carechain: cannot read " + e.getFile());
                return CANNOT_RUN;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                err.println("carechain: " + e.getMessage());
                return CANNOT_RUN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CANNOT_RUN;
            }
        }

        private ExchangeClient.Request request() {
            if (!provider.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("--provider must be a provider id such as hospital2");
            }
            if (types.isEmpty() || types.size() > 16) {
                throw new IllegalArgumentException("--types takes 1 to 16 FHIR resource types");
            }
            types.forEach(t -> ConsentCommand.requireType(t, "--types"));
            LocalDate fromDate = date(from, "--from");
            LocalDate toDate = date(to, "--to");
            if (fromDate != null && toDate != null && !fromDate.isBefore(toDate)) {
                throw new IllegalArgumentException("--from must be before --to");
            }
            if (purpose != null && !purpose.matches("[A-Z][A-Z_]{1,31}")) {
                throw new IllegalArgumentException("--purpose must be a PurposeOfUse code such as TREAT");
            }
            Hash patientRef = patient == null ? null : InteropOptions.patientRef(patient, "--patient");
            return new ExchangeClient.Request(provider, patientRef, types, fromDate, toDate, purpose, emergency);
        }

        private static LocalDate date(String value, String option) {
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD");
            }
        }
    }

    /** The per-record outcome and the access as recorded; no record content. */
    public static void print(PrintWriter out, ExchangeClient.Result result) {
        out.println("exchange " + result.requestId() + ": " + result.requestingProvider() + " asked "
                + result.servingProvider() + " for patient " + result.patientRef().toHex());
        out.println("  access event " + result.accessEventTransaction() + " (" + result.reason() + ", consent height "
                + result.consentHeight() + (result.basis().isEmpty() ? "" : ", basis " + String.join(",", result.basis()))
                + ")");
        for (ExchangeClient.RecordResult record : result.records()) {
            out.println(record.verified()
                    ? "  [ok]   " + record.resourceType() + " " + record.recordRef().toHex()
                            + ": the chain's latest event of this record, proven against the ehr genesis, has its content hash"
                    : "  [FAIL] " + record.resourceType() + " " + record.recordRef().toHex() + ": " + record.problem()
                            + " (not shown)");
        }
        for (Hash missing : result.undelivered()) {
            out.println("  [FAIL] " + missing.toHex() + ": listed in the answer but missing from the sealed bundle");
        }
        Map<String, Integer> types = result.verifiedTypes();
        out.println("  " + result.verified().size() + " record(s) verified" + (types.isEmpty() ? "" : " ("
                + types.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + ")") + ", " + (result.mismatches().size() + result.undelivered().size()) + " mismatch(es)");
        if (!result.mismatches().isEmpty()) {
            out.println(result.mismatchesReported()
                    ? "  the mismatches were reported to " + result.requestingProvider() + "'s gateway"
                    : "  the gateway did not take the mismatch report; tell " + result.requestingProvider() + "'s operators");
        }
    }
}
