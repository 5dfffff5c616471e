package org.carechain.crypto.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.carechain.crypto.Hash;

/** Reads the base64 hashes of the transparency-dev/merkle vectors. */
final class VectorHashes {

  private VectorHashes() {}

  static byte[] raw(JsonNode base64) {
    return Base64.getDecoder().decode(base64.asText());
  }

  /** The value as a hash; throws {@link IllegalArgumentException} unless it is 32 bytes. */
  static Hash hash(JsonNode base64) {
    return Hash.of(raw(base64));
  }

  /**
   * A placeholder of any length turned into a hash: SHA-256 of its bytes. Only for a happy-path
   * vector whose placeholders matter solely by being equal to each other.
   */
  static Hash widenedPlaceholder(JsonNode base64) {
    return Hash.sha256(raw(base64));
  }

  /** The proof's hashes; a {@code null} proof is an empty one. */
  static List<Hash> proof(JsonNode proof, Function<JsonNode, Hash> reader) {
    List<Hash> hashes = new ArrayList<>();
    if (proof != null && !proof.isNull()) {
      proof.forEach(element -> hashes.add(reader.apply(element)));
    }
    return hashes;
  }

  /** The hash-valued fields of a vector (roots, leaf hash, proof elements) that are not 32 bytes. */
  static List<JsonNode> malformedValues(JsonNode vector) {
    List<JsonNode> values = new ArrayList<>();
    for (String field : new String[] {"root", "leafHash", "root1", "root2"}) {
      if (vector.has(field)) {
        values.add(vector.get(field));
      }
    }
    JsonNode proof = vector.get("proof");
    if (proof != null && !proof.isNull()) {
      proof.forEach(values::add);
    }
    return values.stream().filter(value -> raw(value).length != Hash.SIZE).toList();
  }
}
