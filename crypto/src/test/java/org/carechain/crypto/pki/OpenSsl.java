package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code openssl} command line in a working directory. A missing {@code openssl} fails the
 * test loudly instead of skipping it: the interop checks are the point of these tests.
 */
final class OpenSsl {

  record Result(int exitCode, String output) {
    Result expectSuccess(String... command) {
      if (exitCode != 0) {
        fail("openssl " + String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private final Path directory;

  OpenSsl(Path directory) {
    this.directory = directory;
  }

  /** Runs {@code openssl args...}; stdout and stderr are merged into the output. */
  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("openssl is not on the PATH; these interoperability tests need it", e);
    }
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("openssl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** Runs and fails the test unless openssl exits 0. */
  Result ok(String... args) throws IOException, InterruptedException {
    return run(args).expectSuccess(args);
  }
}
