package org.carechain.ehr.record;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A provider's secrets for record events.
 *
 * <ul>
 *   <li>{@code contentSalt}: this provider's salt of {@link ContentHash}, so a content hash cannot
 *       be matched against guessed records;
 *   <li>{@code recordKey}: this provider's HMAC key of record pseudonyms;
 *   <li>{@code patientKey}: the consortium's HMAC key of patient pseudonyms, the same at every
 *       provider so that their pseudonyms of one patient match.
 * </ul>
 *
 * <p>Each is 32 bytes, stored as one line of hex in {@value #CONTENT_SALT_FILE},
 * {@value #RECORD_KEY_FILE} and {@value #PATIENT_KEY_FILE} of a key directory. Immutable; the bytes
 * are copied in and out, and {@link #toString()} never shows them.
 */
public final class ProviderKeys {

  public static final int KEY_BYTES = 32;
  public static final String CONTENT_SALT_FILE = "content-salt.key";
  public static final String RECORD_KEY_FILE = "record.key";
  public static final String PATIENT_KEY_FILE = "patient.key";

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] contentSalt;
  private final byte[] recordKey;
  private final byte[] patientKey;

  private ProviderKeys(byte[] contentSalt, byte[] recordKey, byte[] patientKey) {
    this.contentSalt = contentSalt;
    this.recordKey = recordKey;
    this.patientKey = patientKey;
  }

  /**
   * Copies three 32-byte secrets.
   *
   * @throws IllegalArgumentException if one is not {@value #KEY_BYTES} bytes
   */
  public static ProviderKeys create(byte[] contentSalt, byte[] recordKey, byte[] patientKey) {
    return new ProviderKeys(checked(contentSalt, "content salt"), checked(recordKey, "record key"),
        checked(patientKey, "patient key"));
  }

  /** Three fresh secrets; share the patient key with the consortium through {@link #withPatientKey}. */
  public static ProviderKeys generate(SecureRandom random) {
    return new ProviderKeys(randomKey(random), randomKey(random), randomKey(random));
  }

  /** These keys, with the consortium's patient key instead of this one's. */
  public ProviderKeys withPatientKey(byte[] consortiumPatientKey) {
    return new ProviderKeys(contentSalt, recordKey, checked(consortiumPatientKey, "patient key"));
  }

  /**
   * Reads the three key files of {@code directory}.
   *
   * @throws IllegalArgumentException if a file does not hold 64 hex digits
   */
  public static ProviderKeys load(Path directory) throws IOException {
    return load(directory, "");
  }

  /**
   * Reads {@code <prefix>content-salt.key} and {@code <prefix>record.key}, the provider's own, and
   * the consortium's {@code patient.key} from {@code directory}: one mounted secret can then hold
   * the keys of several providers (a Kubernetes StatefulSet's pods, say).
   *
   * @throws IllegalArgumentException if a file does not hold 64 hex digits
   */
  public static ProviderKeys load(Path directory, String prefix) throws IOException {
    return new ProviderKeys(read(directory, prefix + CONTENT_SALT_FILE), read(directory, prefix + RECORD_KEY_FILE),
        read(directory, PATIENT_KEY_FILE));
  }

  /**
   * Writes the three key files into {@code directory} (created if missing), readable and writable
   * by the owner only.
   *
   * @throws FileAlreadyExistsException if a key file exists: keys are never overwritten
   */
  public void writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    write(directory.resolve(CONTENT_SALT_FILE), contentSalt);
    write(directory.resolve(RECORD_KEY_FILE), recordKey);
    write(directory.resolve(PATIENT_KEY_FILE), patientKey);
  }

  public byte[] contentSalt() {
    return contentSalt.clone();
  }

  public byte[] recordKey() {
    return recordKey.clone();
  }

  public byte[] patientKey() {
    return patientKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProviderKeys that
        && MessageDigest.isEqual(contentSalt, that.contentSalt)
        && MessageDigest.isEqual(recordKey, that.recordKey)
        && MessageDigest.isEqual(patientKey, that.patientKey);
  }

  @Override
  public int hashCode() {
    // Secrets must not leak through hash codes either.
    return ProviderKeys.class.hashCode();
  }

  @Override
  public String toString() {
    return "ProviderKeys[secret]";
  }

  private static byte[] checked(byte[] key, String what) {
    Objects.requireNonNull(key, what);
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(what + " must be " + KEY_BYTES + " bytes, got " + key.length);
    }
    return key.clone();
  }

  private static byte[] randomKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  private static byte[] read(Path directory, String name) throws IOException {
    Path file = directory.resolve(name);
    String text = Files.readString(file).strip();
    if (text.length() != 2 * KEY_BYTES) {
      throw new IllegalArgumentException(file + " must hold " + 2 * KEY_BYTES + " hex digits");
    }
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      // The exception of HexFormat quotes the text, which is a secret.
      throw new IllegalArgumentException(file + " must hold " + 2 * KEY_BYTES + " hex digits");
    }
  }

  private static void write(Path file, byte[] key) throws IOException {
    byte[] line = (HEX.formatHex(key) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's permissions apply.
      Files.createFile(file);
    }
    Files.write(file, line, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
