package org.carechain.bench.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a driver's RESULT lines go: standard output, and appended to {@code --out} if given. */
public final class Results {

    private Results() {}

    public static void report(Args args, String line) throws IOException {
        System.out.println(line);
        String file = args.string("out", "");
        if (!file.isEmpty()) {
            Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
