package org.carechain.crypto.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the published test vectors copied into {@code src/test/resources/testvectors}, from the
 * test classes of this module or from its test-jar, where other modules find them.
 */
public final class TestVectors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestVectors() {}

  /** The file or folder at {@code testvectors/<relative>} on the test classpath. */
  public static Path path(String relative) {
    URL url = TestVectors.class.getResource("/testvectors/" + relative);
    if (url == null) {
      throw new IllegalStateException("test resource testvectors/" + relative + " is missing");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        openJar(uri);
      }
      return Path.of(uri);
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read test resource testvectors/" + relative, e);
    }
  }

  private static synchronized void openJar(URI uri) throws IOException {
    try {
      FileSystems.getFileSystem(uri);
    } catch (FileSystemNotFoundException notYetOpen) {
      FileSystems.newFileSystem(uri, Map.of());
    }
  }

  public static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  public static JsonNode readJson(String relative) {
    return readJson(path(relative));
  }

  /** Every {@code .json} file below {@code folder}, sorted by path so runs list cases alike. */
  public static List<Path> jsonFilesUnder(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(folder.toString(), e);
    }
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
