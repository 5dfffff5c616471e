package org.carechain.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.Sha256;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ehr.record.ProviderKeys;
import org.carechain.ehr.record.Pseudonyms;
import org.carechain.ehr.seed.SyntheticPopulation;
import org.carechain.ehr.seed.SyntheticResource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The audit's per-row hashing ({@link ContentHash#of} and {@link Pseudonyms#recordRef}) next to the
 * JDK's SHA-256 and HMAC-SHA-256 of exactly the bytes each one hashes: the difference is framing,
 * allocation and UTF-8 work. The record is a synthetic Observation of the seeded population
 * (its jsonb text as PostgreSQL prints it is about the table's mean size, ~700 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EhrHashBenchmark {

  static final String PROVIDER = "hospital1";

  private ContentHash contentHash;
  private Pseudonyms pseudonyms;
  private String type;
  private String id;
  private int version;
  private String json;
  private byte[] jsonUtf8;
  private byte[] contentEncoding;
  private byte[] refEncoding;
  private MessageDigest sha256;
  private Mac hmac;

  @Setup
  public void setUp() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    byte[][] secrets = new byte[3][ProviderKeys.KEY_BYTES];
    for (byte[] secret : secrets) {
      random.nextBytes(secret);
    }
    ProviderKeys keys = ProviderKeys.create(secrets[0], secrets[1], secrets[2]);
    contentHash = ContentHash.forProvider(keys);
    pseudonyms = new Pseudonyms(keys);
    SyntheticResource resource = new SyntheticPopulation(42).resources(PROVIDER, 20).stream()
        .filter(r -> r.resourceType().equals("Observation")).findFirst().orElseThrow();
    type = resource.resourceType();
    id = resource.id();
    version = resource.version();
    json = resource.json();
    jsonUtf8 = json.getBytes(StandardCharsets.UTF_8);
    contentEncoding = ContentHash.canonicalEncoding(secrets[0], type, id, version, json);
    refEncoding = CanonicalEncoder.forDomain(Pseudonyms.RECORD_DOMAIN).writeString(PROVIDER).writeString(type)
        .writeString(id).toByteArray();
    sha256 = Sha256.newDigest();
    hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(secrets[1], "HmacSHA256"));
    if (!contentHash.of(type, id, version, json).equals(Hash.of(sha256.digest(contentEncoding)))) {
      throw new IllegalStateException("the baseline does not hash the bytes ContentHash hashes");
    }
    if (!pseudonyms.recordRef(PROVIDER, type, id).equals(Hash.of(hmac.doFinal(refEncoding)))) {
      throw new IllegalStateException("the baseline does not MAC the bytes Pseudonyms MACs");
    }
  }

  /** ContentHash from the jsonb text as a String (UTF-16 check and UTF-8 encoding, then SHA-256). */
  @Benchmark
  public Hash contentHashOfString() {
    return contentHash.of(type, id, version, json);
  }

  /** ContentHash from the jsonb text's UTF-8 bytes, as read with ResultSet.getBytes. */
  @Benchmark
  public Hash contentHashOfBytes() {
    return contentHash.of(type, id, version, jsonUtf8);
  }

  /** Baseline: SHA-256 of the exact bytes ContentHash hashes, built once. */
  @Benchmark
  public Hash sha256OfContentEncoding() {
    return Hash.of(sha256.digest(contentEncoding));
  }

  /** Pseudonyms.recordRef: canonical encoding of (provider, type, id), then HMAC-SHA-256. */
  @Benchmark
  public Hash recordRef() {
    return pseudonyms.recordRef(PROVIDER, type, id);
  }

  /** Baseline: HMAC-SHA-256 of the exact bytes recordRef MACs, built once. */
  @Benchmark
  public Hash hmacOfRefEncoding() {
    return Hash.of(hmac.doFinal(refEncoding));
  }

  /** Baseline: plain SHA-256 of the same bytes recordRef MACs. */
  @Benchmark
  public Hash sha256OfRefEncoding() {
    return Hash.of(sha256.digest(refEncoding));
  }
}
