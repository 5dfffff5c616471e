package org.carechain.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.carechain.crypto.Hash;
import org.carechain.crypto.merkle.TreeHead;
import org.carechain.crypto.sign.Ed25519PrivateKey;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.crypto.sse.Entry;
import org.carechain.crypto.sse.KeywordKeys;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.KeywordStatement;
import org.carechain.crypto.sse.MasterKeys;
import org.carechain.crypto.sse.Posting;
import org.carechain.crypto.sse.SearchResults;
import org.carechain.crypto.sse.SearchVerifier;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.ServerIndex;
import org.carechain.crypto.sse.UpdateBatch;
import org.carechain.crypto.sse.UpdateBuilder;
import org.carechain.crypto.sse.UserKeywordKey;
import org.carechain.crypto.sse.VerifiedResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The single-keyword verifiable SSE scheme ({@code org.carechain.crypto.sse}) at scheme level, in
 * process, over an index of 1,000,000 keyword–record pairs: 10,000 keywords whose list lengths
 * follow Zipf's law (s = 1), plus five probe keywords with exactly 1, 10, 100, 1,000 and 10,000
 * records. The index is built once per fork through {@link UpdateBuilder} and
 * {@link ServerIndex#apply}, in 100 epochs of 10,000 pairs in a random order.
 *
 * <ul>
 *   <li>{@code serverQuery}: the untrusted server's work for one search token (label lookups);
 *   <li>{@code userVerifyAndDecrypt}: the user's whole check (statement signature, freshness,
 *       labels, hash chain) and decryption; {@code userVerifyOnly} without the decryption. Both
 *       work on copies of the server's answer, as a client holds what it deserialised;
 *   <li>{@code ownerIssueToken}: the owner's keyword key derivation, labels L_1..L_cnt and signed
 *       statement;
 *   <li>{@code plaintextLinearScan}: the baseline, a scan of the same 1,000,000 pairs in clear for
 *       the 100-record probe;
 *   <li>{@code statementSignatureVerify}: the Ed25519 verification inside every user check;
 *   <li>{@code indexBuild*}: pairs/s of building 50,000 Zipf pairs into a fresh index;
 *   <li>{@code singleAddUpdate}: one add as its own batch (owner key derivation, label, seal,
 *       chain, shuffle; server apply to the 1,000,000-pair index and its log).
 *   <li>{@code primitivesPerPair} and {@code primitivesPerResult}: baselines, the bare JDK crypto
 *       calls of one indexed pair and of one verified and decrypted result, without any data
 *       structure, so the scheme's overhead over its primitives shows in the same run.
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class SearchBenchmark {

  static final String OWNER = "hospital1";
  static final SecurityLabel LABEL = SecurityLabel.N;
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final int TOTAL_PAIRS = 1_000_000;
  static final int ZIPF_KEYWORDS = 10_000;
  static final int[] PROBE_SIZES = {1, 10, 100, 1_000, 10_000};
  static final int BATCH = 10_000;

  /** A fast, seeded-per-fork CSPRNG, as the owner service would use (Hash_DRBG, SHA-256). */
  static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Prints, after each iteration, the share of its wall time the benchmark thread spent on a CPU
   * ({@code cpu share 0.412}). On a shared host a single-threaded score is wall time, stretched by
   * the time the thread waited for a core; score × share (or score ÷ share for throughput) is the
   * thread's own CPU time per operation. GC threads are not counted.
   */
  @State(Scope.Thread)
  public static class CpuShare {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long wallStart;
    private long cpuStart;

    @Setup(Level.Iteration)
    public void start() {
      wallStart = System.nanoTime();
      cpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      double share = (THREADS.getCurrentThreadCpuTime() - cpuStart) / (double) (System.nanoTime() - wallStart);
      System.out.printf(Locale.ROOT, "cpu share %.3f%n", share);
    }
  }

  /** A record ref as long as a FHIR reference to a UUID id, e.g. {@code Observation/<36 chars>}. */
  static String recordRef(long n) {
    return String.format(Locale.ROOT, "Observation/%08x-0000-4000-8000-%012x", n & 0xffffffffL, n);
  }

  /** Zipf list lengths (s = 1) for {@code keywords} keywords summing exactly to {@code total}. */
  static int[] zipfLengths(int keywords, int total) {
    double harmonic = 0;
    for (int rank = 1; rank <= keywords; rank++) {
      harmonic += 1.0 / rank;
    }
    int[] lengths = new int[keywords];
    int sum = 0;
    for (int rank = 1; rank <= keywords; rank++) {
      lengths[rank - 1] = Math.max(1, (int) Math.round(total / harmonic / rank));
      sum += lengths[rank - 1];
    }
    lengths[0] += total - sum;
    return lengths;
  }

  /** The 1,000,000-pair index, its owner and the same pairs in clear. */
  @State(Scope.Benchmark)
  public static class Index {
    MasterKeys masterKeys;
    Ed25519PrivateKey ownerKey;
    Ed25519PublicKey ownerPublicKey;
    ServerIndex server;
    Map<Hash, KeywordState> states;
    long epoch;
    String[] keywords;
    /** The pairs in clear, in the order built: keyword and record ref of pair i. */
    String[] pairKeyword;
    String[] pairRef;
    double buildSeconds;
    KeywordStatement anyStatement;

    @Setup(Level.Trial)
    public void build() {
      SplittableRandom data = new SplittableRandom(2026);
      SecureRandom random = drbg();
      masterKeys = MasterKeys.generate(random);
      ownerKey = Ed25519PrivateKey.generate(random);
      ownerPublicKey = ownerKey.publicKey();

      int[] zipf = zipfLengths(ZIPF_KEYWORDS, TOTAL_PAIRS - 11_111);
      keywords = new String[ZIPF_KEYWORDS + PROBE_SIZES.length];
      int[] lengths = new int[keywords.length];
      for (int i = 0; i < ZIPF_KEYWORDS; i++) {
        keywords[i] = "code=" + (100_000_000 + i);
        lengths[i] = zipf[i];
      }
      for (int p = 0; p < PROBE_SIZES.length; p++) {
        keywords[ZIPF_KEYWORDS + p] = "probe=" + PROBE_SIZES[p];
        lengths[ZIPF_KEYWORDS + p] = PROBE_SIZES[p];
      }
      int[] pairKeywordIndex = new int[TOTAL_PAIRS];
      int next = 0;
      for (int k = 0; k < keywords.length; k++) {
        for (int j = 0; j < lengths[k]; j++) {
          pairKeywordIndex[next++] = k;
        }
      }
      if (next != TOTAL_PAIRS) {
        throw new IllegalStateException("built " + next + " pairs");
      }
      for (int i = TOTAL_PAIRS - 1; i > 0; i--) {
        int j = data.nextInt(i + 1);
        int swap = pairKeywordIndex[i];
        pairKeywordIndex[i] = pairKeywordIndex[j];
        pairKeywordIndex[j] = swap;
      }
      pairKeyword = new String[TOTAL_PAIRS];
      pairRef = new String[TOTAL_PAIRS];
      for (int i = 0; i < TOTAL_PAIRS; i++) {
        // Each row its own String, as rows read from a table would be.
        pairKeyword[i] = new String(keywords[pairKeywordIndex[i]]);
        pairRef[i] = recordRef(i);
      }

      KeywordKeys[] keys = new KeywordKeys[keywords.length];
      for (int k = 0; k < keywords.length; k++) {
        keys[k] = masterKeys.keywordKeys(LABEL, keywords[k]);
      }
      server = new ServerIndex(TOTAL_PAIRS + 2_000_000);
      states = new HashMap<>();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      for (int from = 0; from < TOTAL_PAIRS; from += BATCH) {
        UpdateBuilder builder = new UpdateBuilder(states::get, random);
        for (int i = from; i < from + BATCH; i++) {
          builder.add(keys[pairKeywordIndex[i]], Posting.add(pairRef[i]));
        }
        UpdateBatch batch = builder.build();
        server.apply(batch.entries());
        states.putAll(batch.newStates());
        epoch++;
      }
      buildSeconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf(Locale.ROOT, "%nindex build: %,d pairs in %.2f s = %,.0f pairs/s; thread CPU %.2f s = %,.0f pairs/CPU-s"
          + " (keys derived beforehand)%n", TOTAL_PAIRS, buildSeconds, TOTAL_PAIRS / buildSeconds, cpuSeconds,
          TOTAL_PAIRS / cpuSeconds);
      anyStatement = KeywordStatement.sign(ownerKey, OWNER, keys[0].tag(), states.get(keys[0].tag()), epoch, NOW,
          Duration.ofMinutes(5));
    }
  }

  /** One probe keyword: its token, statement and user key, as the owner issues them. */
  @State(Scope.Benchmark)
  public static class Probe {
    @Param({"1", "10", "100", "1000", "10000"})
    int results;

    String keyword;
    List<byte[]> labels;
    KeywordStatement statement;
    UserKeywordKey userKey;
    List<Entry> answer;

    @Setup(Level.Trial)
    public void issue(Index index) {
      keyword = "probe=" + results;
      KeywordKeys keys = index.masterKeys.keywordKeys(LABEL, keyword);
      KeywordState state = index.states.get(keys.tag());
      labels = keys.labels(state.count());
      statement = KeywordStatement.sign(index.ownerKey, OWNER, keys.tag(), state, index.epoch, NOW, Duration.ofMinutes(5));
      userKey = keys.userKey();
      // The user verifies what it deserialised from the server's response: fresh objects,
      // allocated together, not the server's own entries scattered over its 1,000,000-entry heap.
      answer = new ArrayList<>();
      for (Entry entry : index.server.search(labels)) {
        answer.add(new Entry(entry.label(), entry.value()));
      }
      List<String> refs = verifyAndDecrypt(index, this);
      if (refs.size() != results) {
        throw new IllegalStateException("probe " + results + " decrypted to " + refs.size() + " refs");
      }
    }
  }

  static List<String> verifyAndDecrypt(Index index, Probe probe) {
    VerifiedResult result = SearchVerifier.verify(probe.statement, index.ownerPublicKey, OWNER, probe.userKey.tag(),
        probe.labels, probe.answer, index.epoch, NOW, Duration.ofSeconds(30));
    return SearchResults.decrypt(probe.userKey, result);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Entry> serverQuery(Index index, Probe probe, CpuShare cpu) {
    return index.server.search(probe.labels);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<String> userVerifyAndDecrypt(Index index, Probe probe, CpuShare cpu) {
    return verifyAndDecrypt(index, probe);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public VerifiedResult userVerifyOnly(Index index, Probe probe, CpuShare cpu) {
    return SearchVerifier.verify(probe.statement, index.ownerPublicKey, OWNER, probe.userKey.tag(),
        probe.labels, probe.answer, index.epoch, NOW, Duration.ofSeconds(30));
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public KeywordStatement ownerIssueToken(Index index, Probe probe, CpuShare cpu) {
    KeywordKeys keys = index.masterKeys.keywordKeys(LABEL, probe.keyword);
    KeywordState state = index.states.get(keys.tag());
    List<byte[]> labels = keys.labels(state.count());
    if (labels.size() != probe.results) {
      throw new IllegalStateException();
    }
    return KeywordStatement.sign(index.ownerKey, OWNER, keys.tag(), state, index.epoch, NOW, Duration.ofMinutes(5));
  }

  /** The baseline: the records of the 100-record probe found by scanning all pairs in clear. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<String> plaintextLinearScan(Index index, CpuShare cpu) {
    String wanted = new String("probe=100");
    String[] keywords = index.pairKeyword;
    List<String> found = new ArrayList<>();
    for (int i = 0; i < keywords.length; i++) {
      if (keywords[i].equals(wanted)) {
        found.add(index.pairRef[i]);
      }
    }
    if (found.size() != 100) {
      throw new IllegalStateException();
    }
    return found;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean statementSignatureVerify(Index index, CpuShare cpu) {
    return index.anyStatement.verify(index.ownerPublicKey);
  }

  /** 50,000 Zipf-distributed pairs, for the index build rate. */
  @State(Scope.Thread)
  public static class BuildData {
    static final int PAIRS = 50_000;
    MasterKeys masterKeys;
    SecureRandom random;
    String[] keyword = new String[PAIRS];
    Posting[] posting = new Posting[PAIRS];

    @Setup(Level.Trial)
    public void generate() {
      random = drbg();
      masterKeys = MasterKeys.generate(random);
      int[] zipf = zipfLengths(ZIPF_KEYWORDS, TOTAL_PAIRS);
      // Keyword ranks drawn with Zipf weights: the same distribution as the big index.
      int[] cumulative = new int[zipf.length];
      int sum = 0;
      for (int k = 0; k < zipf.length; k++) {
        sum += zipf[k];
        cumulative[k] = sum;
      }
      SplittableRandom data = new SplittableRandom(7);
      for (int i = 0; i < PAIRS; i++) {
        int point = data.nextInt(sum);
        int k = java.util.Arrays.binarySearch(cumulative, point + 1);
        k = k >= 0 ? k : -k - 1;
        keyword[i] = "code=" + (100_000_000 + k);
        posting[i] = Posting.add(recordRef(i));
      }
    }
  }

  /** Builds 50,000 pairs into a fresh index in 5 batches, deriving each pair's keyword keys. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BuildData.PAIRS)
  public TreeHead indexBuildKeysPerPair(BuildData data, CpuShare cpu) {
    return build(data, false);
  }

  /** The same, deriving each keyword's keys once per batch (an owner's epoch). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BuildData.PAIRS)
  public TreeHead indexBuildKeysPerBatch(BuildData data, CpuShare cpu) {
    return build(data, true);
  }

  private static TreeHead build(BuildData data, boolean cacheKeys) {
    ServerIndex server = new ServerIndex(BuildData.PAIRS);
    Map<Hash, KeywordState> states = new HashMap<>();
    TreeHead head = null;
    for (int from = 0; from < BuildData.PAIRS; from += BATCH) {
      Map<String, KeywordKeys> cache = new HashMap<>();
      UpdateBuilder builder = new UpdateBuilder(states::get, data.random);
      for (int i = from; i < from + BATCH; i++) {
        String keyword = data.keyword[i];
        KeywordKeys keys = cacheKeys
            ? cache.computeIfAbsent(keyword, w -> data.masterKeys.keywordKeys(LABEL, w))
            : data.masterKeys.keywordKeys(LABEL, keyword);
        builder.add(keys, data.posting[i]);
      }
      UpdateBatch batch = builder.build();
      head = server.apply(batch.entries());
      states.putAll(batch.newStates());
    }
    return head;
  }

  /** The owner's side of single-add updates to 1,000 keywords of their own, in turn. */
  @State(Scope.Thread)
  public static class Updates {
    final Map<Hash, KeywordState> states = new HashMap<>();
    final String[] keywords = new String[1_000];
    final Posting[] postings = new Posting[997];
    SecureRandom random;
    long next;

    @Setup(Level.Trial)
    public void setUp() {
      random = drbg();
      for (int i = 0; i < keywords.length; i++) {
        keywords[i] = "update=" + i;
      }
      for (int i = 0; i < postings.length; i++) {
        postings[i] = Posting.add(recordRef(TOTAL_PAIRS + i));
      }
    }
  }

  /** One add as its own batch: owner derivation, label, seal, chain; server apply to the big index. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public TreeHead singleAddUpdate(Index index, Updates updates, CpuShare cpu) {
    long n = updates.next++;
    KeywordKeys keys = index.masterKeys.keywordKeys(LABEL, updates.keywords[(int) (n % updates.keywords.length)]);
    UpdateBuilder builder = new UpdateBuilder(updates.states::get, updates.random);
    builder.add(keys, updates.postings[(int) (n % updates.postings.length)]);
    UpdateBatch batch = builder.build();
    TreeHead head = index.server.apply(batch.entries());
    updates.states.putAll(batch.newStates());
    return head;
  }

  /** Bare JDK primitives on buffers shaped like one entry (48-character ref, 78-byte value). */
  @State(Scope.Thread)
  public static class Primitives {
    final byte[] key = new byte[32];
    final byte[] label = new byte[32];
    final byte[] counter = new byte[8];
    final byte[] plaintext = new byte[1 + 48];
    final byte[] nonce = new byte[12];
    byte[] value;
    final byte[] chain = new byte[32];
    Mac mac;
    Cipher cipher;
    MessageDigest sha;
    SecureRandom random;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      random = drbg();
      random.nextBytes(key);
      random.nextBytes(label);
      random.nextBytes(plaintext);
      mac = Mac.getInstance("HmacSHA256");
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      sha = MessageDigest.getInstance("SHA-256");
      random.nextBytes(nonce);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(label);
      byte[] sealed = cipher.doFinal(plaintext);
      value = new byte[12 + sealed.length];
      System.arraycopy(nonce, 0, value, 0, 12);
      System.arraycopy(sealed, 0, value, 12, sealed.length);
    }
  }

  /**
   * The crypto of one indexed pair: the label HMAC (keyed per call, as the owner does), 12 random
   * bytes, an AES-256-GCM seal (keyed per call), the two chain hashes, and the RFC 6962 leaf hash
   * and one node hash (the amortised cost of a log append).
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] primitivesPerPair(Primitives p, CpuShare cpu) throws GeneralSecurityException {
    p.counter[7]++;
    p.mac.init(new SecretKeySpec(p.key, "HmacSHA256"));
    byte[] label = p.mac.doFinal(p.counter);
    p.random.nextBytes(p.nonce);
    p.cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(p.key, "AES"), new GCMParameterSpec(128, p.nonce));
    p.cipher.updateAAD(label);
    byte[] sealed = p.cipher.doFinal(p.plaintext);
    byte[] valueHash = p.sha.digest(sealed);
    p.sha.update(p.chain);
    p.sha.update(label);
    byte[] chain = p.sha.digest(valueHash);
    p.sha.update((byte) 0);
    p.sha.update(label);
    byte[] leaf = p.sha.digest(sealed);
    p.sha.update((byte) 1);
    p.sha.update(chain);
    return p.sha.digest(leaf);
  }

  /** The crypto of one verified and decrypted result: the two chain hashes and an AES-GCM open. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public byte[] primitivesPerResult(Primitives p, CpuShare cpu) throws GeneralSecurityException {
    byte[] valueHash = p.sha.digest(p.value);
    p.sha.update(p.chain);
    p.sha.update(p.label);
    p.sha.update(valueHash);
    p.sha.digest();
    p.cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(p.key, "AES"), new GCMParameterSpec(128, p.value, 0, 12));
    p.cipher.updateAAD(p.label);
    return p.cipher.doFinal(p.value, 12, p.value.length - 12);
  }
}
