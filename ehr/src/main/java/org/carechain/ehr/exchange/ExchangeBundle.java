package org.carechain.ehr.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;

/**
 * The FHIR R4 Bundle a provider answers a record request with. It carries each record's stored
 * jsonb text byte for byte, and the provider's content salt, so that the requester can recompute
 * every {@link ContentHash} and compare it with the ledger:
 *
 * <pre>
 * {"resourceType":"Bundle","type":"collection","timestamp":"&lt;ISO-8601 instant&gt;",
 *  "meta":{"extension":[{"url":"https://carechain.org/fhir/StructureDefinition/content-salt",
 *                        "valueBase64Binary":"&lt;32 bytes, base64&gt;"}]},
 *  "entry":[{"fullUrl":"urn:carechain:record:&lt;record ref, 64 lowercase hex&gt;",
 *            "extension":[{"url":"https://carechain.org/fhir/StructureDefinition/record-id",
 *                          "valueString":"&lt;Type&gt;/&lt;id&gt;"},
 *                         {"url":"https://carechain.org/fhir/StructureDefinition/record-version",
 *                          "valueInteger":&lt;version&gt;}],
 *            "resource":&lt;the jsonb text, verbatim&gt;}, ...]}
 * </pre>
 *
 * <p>The writer builds the text by hand and copies each jsonb text in unchanged; the reader finds
 * each {@code resource} with a streaming parser and cuts its text out of the input between the
 * first character of its opening brace and the character after its closing brace. So
 * {@code parse(write(salt, entries, t)).entries()} holds exactly the texts that were written, with
 * no JSON re-serialisation that could reorder keys or re-format numbers. An empty bundle has no
 * {@code entry} element (FHIR JSON has no empty arrays).
 *
 * <p>The reader refuses duplicate keys in any object, trailing content, a missing or malformed
 * salt, full URL, record id or version, a repeated record, and more than {@value #MAX_ENTRIES}
 * entries; other elements are ignored. Errors name the element and the entry index, never a value
 * from the input. Pure and thread-safe.
 */
public final class ExchangeBundle {

  /** The most entries one bundle may hold. */
  public static final int MAX_ENTRIES = 10_000;

  /** The longest bundle text read, in chars: the most a {@link SealedBundle} holds. */
  public static final int MAX_CHARS = SealedBundle.MAX_PLAINTEXT_BYTES;

  public static final String CONTENT_SALT_URL = "https://carechain.org/fhir/StructureDefinition/content-salt";
  public static final String RECORD_ID_URL = "https://carechain.org/fhir/StructureDefinition/record-id";
  public static final String RECORD_VERSION_URL = "https://carechain.org/fhir/StructureDefinition/record-version";

  /** The prefix of an entry's fullUrl; the record ref in lowercase hex follows. */
  public static final String FULL_URL_PREFIX = "urn:carechain:record:";

  static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
  /** FHIR R4's id datatype. */
  static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private ExchangeBundle() {}

  /**
   * One record in a bundle: its FHIR type and id, its version ({@code res_ver}), its ledger record
   * ref, and PostgreSQL's text of its {@code content} jsonb. {@link #toString} shows neither the id
   * nor the content.
   *
   * @throws IllegalArgumentException if the type is not a FHIR type name, the id not a FHIR id, the
   *     version below 1, or the text holds an unpaired surrogate (it would not survive UTF-8)
   */
  public record Entry(String resourceType, String resourceId, int version, Hash recordRef, String jsonbText) {

    public Entry {
      Objects.requireNonNull(resourceType, "resourceType");
      Objects.requireNonNull(resourceId, "resourceId");
      Objects.requireNonNull(recordRef, "recordRef");
      Objects.requireNonNull(jsonbText, "jsonbText");
      if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
        throw new IllegalArgumentException("resource type must be a FHIR type name such as Observation");
      }
      if (!RESOURCE_ID.matcher(resourceId).matches()) {
        throw new IllegalArgumentException("resource id must be a FHIR id: 1 to 64 of [A-Za-z0-9.-]");
      }
      if (version < 1) {
        throw new IllegalArgumentException("version must be at least 1, got " + version);
      }
      requireWellFormedUtf16(jsonbText);
    }

    @Override
    public String toString() {
      return "Entry[" + resourceType + " v" + version + " " + recordRef.toHex() + "]";
    }
  }

  /** What {@link #parse} read: the provider's 32-byte content salt and the entries, in order. */
  public record Parsed(byte[] contentSalt, List<Entry> entries) {

    public Parsed {
      Objects.requireNonNull(contentSalt, "contentSalt");
      contentSalt = contentSalt.clone();
      entries = List.copyOf(entries);
    }

    /** A copy of the salt. */
    @Override
    public byte[] contentSalt() {
      return contentSalt.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Parsed that
          && Arrays.equals(contentSalt, that.contentSalt)
          && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(contentSalt) + entries.hashCode();
    }

    @Override
    public String toString() {
      return "Parsed[" + entries.size() + " entries]";
    }
  }

  /**
   * The bundle of {@code entries} under {@code contentSalt}.
   *
   * @throws IllegalArgumentException if the salt is not {@value ProviderKeys#KEY_BYTES} bytes, there
   *     are more than {@value #MAX_ENTRIES} entries, a record ref repeats, or a jsonb text is not
   *     exactly one JSON object (naming the entry's index)
   */
  public static String write(byte[] contentSalt, List<Entry> entries, Instant timestamp) {
    Objects.requireNonNull(contentSalt, "contentSalt");
    if (contentSalt.length != ProviderKeys.KEY_BYTES) {
      throw new IllegalArgumentException(
          "content salt must be " + ProviderKeys.KEY_BYTES + " bytes, got " + contentSalt.length);
    }
    return render(contentSalt, entries, timestamp);
  }

  /**
   * The same bundle without the content-salt extension: for handing verified records on to
   * software that needs no salt. {@link #parse} does not read it back.
   */
  static String render(byte[] contentSaltOrNull, List<Entry> entries, Instant timestamp) {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(timestamp, "timestamp");
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a bundle holds at most " + MAX_ENTRIES + " entries, got " + entries.size());
    }
    Set<Hash> seen = new HashSet<>();
    long size = 256;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = Objects.requireNonNull(entries.get(i), "entry");
      if (!seen.add(entry.recordRef())) {
        throw new IllegalArgumentException("entry " + i + ": the record ref repeats an earlier entry");
      }
      requireSingleObject(entry.jsonbText(), i);
      size += 400 + entry.jsonbText().length();
    }
    StringBuilder out = new StringBuilder((int) Math.min(size, Integer.MAX_VALUE - 8));
    out.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":");
    string(out, timestamp.toString());
    if (contentSaltOrNull != null) {
      out.append(",\"meta\":{\"extension\":[{\"url\":");
      string(out, CONTENT_SALT_URL);
      out.append(",\"valueBase64Binary\":");
      string(out, Base64.getEncoder().encodeToString(contentSaltOrNull));
      out.append("}]}");
    }
    if (!entries.isEmpty()) {
      out.append(",\"entry\":[");
      for (int i = 0; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        if (i > 0) {
          out.append(',');
        }
        out.append("{\"fullUrl\":");
        string(out, FULL_URL_PREFIX + entry.recordRef().toHex());
        out.append(",\"extension\":[{\"url\":");
        string(out, RECORD_ID_URL);
        out.append(",\"valueString\":");
        string(out, entry.resourceType() + "/" + entry.resourceId());
        out.append("},{\"url\":");
        string(out, RECORD_VERSION_URL);
        out.append(",\"valueInteger\":").append(entry.version());
        out.append("}],\"resource\":").append(entry.jsonbText()).append('}');
      }
      out.append(']');
    }
    return out.append('}').toString();
  }

  /**
   * Reads a bundle from its UTF-8 bytes, refusing malformed UTF-8 rather than replacing it.
   *
   * @throws IllegalArgumentException as {@link #parse(String)}, or if the bytes are not UTF-8
   */
  public static Parsed parse(byte[] utf8) {
    Objects.requireNonNull(utf8, "utf8");
    if (utf8.length > SealedBundle.MAX_PLAINTEXT_BYTES) {
      throw new IllegalArgumentException(
          "a bundle is at most " + SealedBundle.MAX_PLAINTEXT_BYTES + " bytes, got " + utf8.length);
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("bundle is not valid UTF-8");
    }
    return parse(json);
  }

  /**
   * Reads a bundle that {@link #write} made, or any bundle of the same shape.
   *
   * @throws IllegalArgumentException if it is not valid JSON, not a collection Bundle, or an
   *     element this class reads is missing or malformed; the message names the element and the
   *     entry index, and quotes nothing from the input
   */
  public static Parsed parse(String json) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_CHARS) {
      throw new IllegalArgumentException("a bundle is at most " + MAX_CHARS + " chars, got " + json.length());
    }
    BundleReader reader = new BundleReader(json);
    try (JsonParser parser = JSON.createParser(json)) {
      return reader.read(parser);
    } catch (JsonProcessingException e) {
      // Jackson's messages can quote the input, so only its position is passed on (no cause).
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(reader.where() + ": not valid JSON, or an object repeats a key"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a String failed", e);
    }
  }

  /** Checks that {@code text} is one JSON object with nothing before or after it. */
  private static void requireSingleObject(String text, int index) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || parser.currentTokenLocation().getCharOffset() != 0) {
        throw new IllegalArgumentException("entry " + index + ": the jsonb text must start with a JSON object");
      }
      parser.skipChildren();
      if (parser.currentLocation().getCharOffset() != text.length() || parser.nextToken() != null) {
        throw new IllegalArgumentException("entry " + index + ": the jsonb text must be one JSON object and nothing else");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException("entry " + index + ": the jsonb text is not valid JSON, or repeats a key"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a String failed", e);
    }
  }

  private static void requireWellFormedUtf16(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("the jsonb text holds an unpaired surrogate at " + i);
      }
    }
  }

  private static void string(StringBuilder out, String value) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
  }
}
