package org.carechain.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.carechain.crypto.sse.KeywordState;
import org.carechain.crypto.sse.SecurityLabel;
import org.carechain.crypto.sse.oxt.OxtAddition;
import org.carechain.crypto.sse.oxt.OxtGroup;
import org.carechain.crypto.sse.oxt.OxtIndex;
import org.carechain.crypto.sse.oxt.OxtKeys;
import org.carechain.crypto.sse.oxt.OxtMatch;
import org.carechain.crypto.sse.oxt.OxtOwner;
import org.carechain.crypto.sse.oxt.OxtPair;
import org.carechain.crypto.sse.oxt.OxtQuery;
import org.carechain.crypto.sse.oxt.OxtResult;
import org.carechain.crypto.sse.oxt.OxtToken;
import org.carechain.crypto.sse.oxt.OxtUpdate;
import org.carechain.crypto.sse.oxt.OxtVerificationException;
import org.carechain.crypto.sse.oxt.OxtVerifier;
import org.carechain.crypto.sse.oxt.VerificationMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * OXT conjunctive search (org.carechain.crypto.sse.oxt) against its baseline, raw P-256
 * variable-base scalar multiplication, in the same run.
 *
 * <p>The index holds {@value #PAIRS} keyword–record pairs: probe s-terms with exactly 100 and
 * 1,000 records, two x-terms with 2,000 records each that contain every probe record (so every
 * s-term entry matches and the server computes all cnt · (n − 1) exponentiations: the worst case,
 * no early exit), and the rest spread over 1,000 keywords with Zipf(1) frequencies and 20,000
 * records. Server cost per s-term entry per x-term is {@code server*} / (cnt · (n − 1)); divide by
 * {@code rawMultiply} for the ratio the issue targets.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OxtBenchmark {

  static final int PAIRS = 100_000;
  static final int BACKGROUND_KEYWORDS = 1_000;
  static final int BACKGROUND_RECORDS = 20_000;
  static final int SAMPLES = 1024;

  static final String S100 = "probe-s100";
  static final String S1000 = "probe-s1000";
  static final String X2 = "probe-x2";
  static final String X3 = "probe-x3";

  /** Distinct random points and scalars, so no multiplication reuses another's precomputation. */
  @State(Scope.Thread)
  public static class Group {
    BigInteger[] xs = new BigInteger[SAMPLES];
    BigInteger[] ys = new BigInteger[SAMPLES];
    byte[][] encoded = new byte[SAMPLES][];
    BigInteger[] scalars = new BigInteger[SAMPLES];
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom random = new SplittableRandom(11);
      byte[] wide = new byte[OxtGroup.WIDE_SCALAR_SIZE];
      for (int i = 0; i < SAMPLES; i++) {
        random.nextBytes(wide);
        ECPoint point = OxtGroup.baseMultiply(OxtGroup.scalarOf(wide));
        xs[i] = point.getAffineXCoord().toBigInteger();
        ys[i] = point.getAffineYCoord().toBigInteger();
        encoded[i] = OxtGroup.encode(point);
        random.nextBytes(wide);
        scalars[i] = OxtGroup.scalarOf(wide);
      }
    }

    int next() {
      return next = (next + 1) & (SAMPLES - 1);
    }
  }

  /** The owner, the server's index of {@value #PAIRS} pairs, and the probe queries' tokens. */
  @State(Scope.Benchmark)
  public static class Index {
    OxtOwner owner;
    OxtIndex server;
    Map<String, KeywordState> states;
    Map<String, OxtToken> tokens = new HashMap<>();
    Map<String, OxtResult> results = new HashMap<>();
    SecureRandom random = new SeededRandom(3);
    KeywordState addState = KeywordState.EMPTY;
    long addCounter;

    @Setup(Level.Trial)
    public void build() {
      SplittableRandom random = new SplittableRandom(42);
      byte[] master = new byte[OxtKeys.MASTER_KEY_SIZE];
      random.nextBytes(master);
      owner = OxtOwner.create(OxtKeys.derive(SecurityLabel.N, master));
      server = new OxtIndex();
      states = new HashMap<>();
      List<OxtPair> pairs = new ArrayList<>(PAIRS);
      Set<String> taken = new HashSet<>();
      for (int r = 0; r < 1000; r++) {
        pairs.add(pair(S1000, "probe-record-" + r, taken));
      }
      for (int r = 1000; r < 1100; r++) {
        pairs.add(pair(S100, "probe-record-" + r, taken));
      }
      for (int r = 0; r < 2000; r++) {
        pairs.add(pair(X2, "probe-record-" + r, taken));
        pairs.add(pair(X3, "probe-record-" + r, taken));
      }
      double[] cdf = zipfCdf(BACKGROUND_KEYWORDS);
      while (pairs.size() < PAIRS) {
        int keyword = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        keyword = keyword >= 0 ? keyword : -keyword - 1;
        OxtPair pair = pair("kw-" + keyword, "record-" + random.nextInt(BACKGROUND_RECORDS), taken);
        if (pair != null) {
          pairs.add(pair);
        }
      }
      for (int from = 0; from < PAIRS; from += 10_000) {
        OxtUpdate update = owner.addAll(pairs.subList(from, Math.min(PAIRS, from + 10_000)), states, this.random);
        server.apply(update.entries(), update.xtags());
        states.putAll(update.states());
      }
      for (String sTerm : List.of(S100, S1000)) {
        tokens.put(sTerm + "/2", owner.token(sTerm, states.get(sTerm), List.of(X2)));
        tokens.put(sTerm + "/3", owner.token(sTerm, states.get(sTerm), List.of(X2, X3)));
      }
      for (Map.Entry<String, OxtToken> token : tokens.entrySet()) {
        for (VerificationMode mode : VerificationMode.values()) {
          results.put(token.getKey() + "/" + mode, server.search(token.getValue().query(), mode));
        }
      }
      for (String key : List.of(S100 + "/3", S1000 + "/3")) {
        OxtResult strict = results.get(key + "/" + VerificationMode.STRICT);
        long proofs = strict.rows().stream().mapToLong(row -> row.proofs().size()).sum();
        long levels = strict.rows().stream()
            .flatMap(row -> row.proofs().stream()).mapToLong(proof -> proof.siblings().size()).sum();
        System.out.printf("OXT sizes %s: query %d B, filtered answer %d B, strict answer %d B,"
                + " %.1f proof levels on average, XSet %d xtags, TSet %d entries%n",
            key, tokens.get(key).query().byteSize(),
            results.get(key + "/" + VerificationMode.FILTERED).byteSize(), strict.byteSize(),
            (double) levels / proofs, server.xsetSize(), server.tsetSize());
      }
      // Every probe entry must match, or the per-exponentiation arithmetic above would be wrong.
      try {
        for (String sTerm : List.of(S100, S1000)) {
          OxtToken token = tokens.get(sTerm + "/3");
          List<OxtMatch> matches = OxtVerifier.verifyStrict(token.query(), states.get(sTerm), server.xsetRoot(),
              results.get(sTerm + "/3/" + VerificationMode.STRICT));
          if (matches.size() != states.get(sTerm).count()) {
            throw new IllegalStateException("a probe entry did not match");
          }
        }
      } catch (OxtVerificationException e) {
        throw new IllegalStateException("the honest answer did not verify", e);
      }
    }

    OxtQuery query(String sTerm, int terms) {
      return tokens.get(sTerm + "/" + terms).query();
    }

    private static OxtPair pair(String keyword, String record, Set<String> taken) {
      return taken.add(keyword + "\n" + record)
          ? new OxtPair(keyword, record.getBytes(StandardCharsets.UTF_8))
          : null;
    }

    private static double[] zipfCdf(int n) {
      double[] cdf = new double[n];
      double total = 0;
      for (int k = 1; k <= n; k++) {
        total += 1.0 / k;
        cdf[k - 1] = total;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= total;
      }
      return cdf;
    }
  }

  /** A seeded SecureRandom for the AES-GCM nonces, so runs are repeatable. Never for production. */
  static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SplittableRandom random;

    SeededRandom(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      random.nextBytes(bytes);
    }
  }

  // ---- Paired run: the ratio to the baseline, measured by thread CPU time.

  /**
   * The ratio measured in pairs, for a shared machine where JMH's wall-clock scores swing
   * with other processes' load: each round times {@code RAW_BATCH} raw multiplications, then one
   * search of each probe query, then the raw batch again, all by this thread's CPU time (which
   * other processes' load barely moves), and takes the ratio within the round. Prints the median
   * and range over the rounds. Run with
   * {@code java -cp bench/target/benchmarks.jar org.carechain.bench.OxtBenchmark [rounds]}.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    Group group = new Group();
    group.setUp();
    Index index = new Index();
    long buildStart = System.nanoTime();
    index.build();
    System.out.printf("index of %d pairs built in %.1f s%n", PAIRS, (System.nanoTime() - buildStart) / 1e9);
    OxtBenchmark bench = new OxtBenchmark();
    String[] names = {"2 terms, cnt 100", "3 terms, cnt 100", "2 terms, cnt 1000", "3 terms, cnt 1000"};
    String[] sTerms = {S100, S100, S1000, S1000};
    int[] terms = {2, 3, 2, 3};
    double[][] ratios = new double[names.length][rounds];
    double[][] perExp = new double[names.length][rounds];
    double[] raw = new double[rounds];
    for (int warm = 0; warm < 3; warm++) {
      timeRaw(bench, group, cpu);
      for (int q = 0; q < names.length; q++) {
        index.server.search(index.query(sTerms[q], terms[q]), VerificationMode.FILTERED);
      }
    }
    for (int r = 0; r < rounds; r++) {
      double before = timeRaw(bench, group, cpu);
      double[] server = new double[names.length];
      for (int q = 0; q < names.length; q++) {
        long start = cpu.getCurrentThreadCpuTime();
        index.server.search(index.query(sTerms[q], terms[q]), VerificationMode.FILTERED);
        long exps = index.states.get(sTerms[q]).count() * (terms[q] - 1);
        server[q] = (cpu.getCurrentThreadCpuTime() - start) / 1e3 / exps;
      }
      double after = timeRaw(bench, group, cpu);
      raw[r] = (before + after) / 2;
      for (int q = 0; q < names.length; q++) {
        perExp[q][r] = server[q];
        ratios[q][r] = server[q] / raw[r];
      }
    }
    System.out.printf("raw variable-base multiplication: median %.1f us CPU (range %.1f to %.1f), %d rounds%n",
        median(raw), min(raw), max(raw), rounds);
    for (int q = 0; q < names.length; q++) {
      System.out.printf("server %s: %.1f us CPU per entry per x-term; ratio to raw median %.3f (range %.3f to %.3f)%n",
          names[q], median(perExp[q]), median(ratios[q]), min(ratios[q]), max(ratios[q]));
    }
  }

  private static final int RAW_BATCH = 200;

  private static double timeRaw(OxtBenchmark bench, Group group, java.lang.management.ThreadMXBean cpu) {
    long start = cpu.getCurrentThreadCpuTime();
    int sink = 0;
    for (int i = 0; i < RAW_BATCH; i++) {
      sink += bench.rawMultiply(group).getRawXCoord().hashCode();
    }
    if (sink == 42) {
      System.out.print("");
    }
    return (cpu.getCurrentThreadCpuTime() - start) / 1e3 / RAW_BATCH;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return java.util.Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return java.util.Arrays.stream(values).max().orElse(Double.NaN);
  }

  // ---- Baseline: the group operations alone.

  /** The baseline: P-256 variable-base scalar multiplication of a fresh point, not normalised. */
  @Benchmark
  public ECPoint rawMultiply(Group group) {
    int i = group.next();
    ECCurve curve = OxtGroup.curve();
    return curve.createPoint(group.xs[i], group.ys[i]).multiply(group.scalars[i]);
  }

  /** The same, normalised to affine, as any use of the result needs. */
  @Benchmark
  public ECPoint rawMultiplyNormalized(Group group) {
    int i = group.next();
    return OxtGroup.multiply(OxtGroup.curve().createPoint(group.xs[i], group.ys[i]), group.scalars[i]);
  }

  /** Fixed-base (comb) exponentiation of g, normalised: the owner's xtag and xtoken cost. */
  @Benchmark
  public ECPoint fixedBaseMultiply(Group group) {
    return OxtGroup.baseMultiply(group.scalars[group.next()]);
  }

  /** Decompressing and checking one 33-byte xtoken, which the server does before each exponentiation. */
  @Benchmark
  public ECPoint decodePoint(Group group) {
    return OxtGroup.decode(group.encoded[group.next()]);
  }

  // ---- Server: search, filtered answer.

  @Benchmark
  public OxtResult server2Terms100(Index index) {
    return index.server.search(index.query(S100, 2), VerificationMode.FILTERED);
  }

  @Benchmark
  public OxtResult server3Terms100(Index index) {
    return index.server.search(index.query(S100, 3), VerificationMode.FILTERED);
  }

  @Benchmark
  public OxtResult server2Terms1000(Index index) {
    return index.server.search(index.query(S1000, 2), VerificationMode.FILTERED);
  }

  @Benchmark
  public OxtResult server3Terms1000(Index index) {
    return index.server.search(index.query(S1000, 3), VerificationMode.FILTERED);
  }

  // ---- Server: search with XSet proofs (strict answer).

  @Benchmark
  public OxtResult serverStrict3Terms100(Index index) {
    return index.server.search(index.query(S100, 3), VerificationMode.STRICT);
  }

  @Benchmark
  public OxtResult serverStrict3Terms1000(Index index) {
    return index.server.search(index.query(S1000, 3), VerificationMode.STRICT);
  }

  // ---- Owner: token (entry tokens and xtokens).

  @Benchmark
  public OxtToken ownerToken2Terms100(Index index) {
    return index.owner.token(S100, index.states.get(S100), List.of(X2));
  }

  @Benchmark
  public OxtToken ownerToken3Terms100(Index index) {
    return index.owner.token(S100, index.states.get(S100), List.of(X2, X3));
  }

  @Benchmark
  public OxtToken ownerToken2Terms1000(Index index) {
    return index.owner.token(S1000, index.states.get(S1000), List.of(X2));
  }

  @Benchmark
  public OxtToken ownerToken3Terms1000(Index index) {
    return index.owner.token(S1000, index.states.get(S1000), List.of(X2, X3));
  }

  // ---- User: verification (no decryption).

  @Benchmark
  public List<OxtMatch> userVerifyFiltered3Terms1000(Index index) throws OxtVerificationException {
    return OxtVerifier.verifyFiltered(index.query(S1000, 3), index.states.get(S1000),
        index.results.get(S1000 + "/3/" + VerificationMode.FILTERED));
  }

  @Benchmark
  public List<OxtMatch> userVerifyStrict3Terms100(Index index) throws OxtVerificationException {
    return OxtVerifier.verifyStrict(index.query(S100, 3), index.states.get(S100), index.server.xsetRoot(),
        index.results.get(S100 + "/3/" + VerificationMode.STRICT));
  }

  // ---- Owner: one addition (TSet entry and xtag), without the server's apply.

  @Benchmark
  public OxtAddition ownerAdd(Index index) {
    OxtAddition addition = index.owner.add("bench-add", index.addState,
        ("bench-record-" + index.addCounter++).getBytes(StandardCharsets.UTF_8), index.random);
    index.addState = addition.next();
    return addition;
  }
}
