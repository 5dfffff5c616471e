package org.carechain.ehr.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.crypto.Hash;
import org.carechain.ehr.exchange.ExchangeBundle.Entry;
import org.carechain.ehr.record.ContentHash;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.chain.Transaction;
import org.carechain.ledger.core.verify.LedgerVerifier;
import org.carechain.ledger.core.verify.TransactionProof;
import org.carechain.ledger.core.verify.TransactionQuery;
import org.carechain.ledger.core.verify.VerificationException;

/**
 * The requester's check of a received bundle against the ledger: a record is shown only if the
 * serving provider's latest record event for it, proven committed on the {@code ehr} chain, has the
 * content hash of exactly the text received.
 *
 * <p>For each entry, in order, the first check that fails decides its {@link Problem}:
 *
 * <ol>
 *   <li>{@link Problem#NO_EVIDENCE}: the evidence has no proof for the entry's record ref;
 *   <li>{@link Problem#PROOF_INVALID}: the {@link LedgerVerifier} refuses the proof (commit
 *       certificate, block id, inclusion path, channel);
 *   <li>{@link Problem#NOT_THIS_RECORD}: the proven transaction is not a record event on the
 *       {@code ehr} channel by the serving provider for the same record ref and resource type;
 *   <li>{@link Problem#DELETED_ON_CHAIN}: the event is a DELETE, so the record no longer exists;
 *   <li>{@link Problem#CONTENT_ALTERED}: {@link ContentHash} of the entry's type, id, version and
 *       jsonb text, under the bundle's salt, differs from the event's content hash: the text was
 *       changed, or is not the version the ledger holds as latest.
 * </ol>
 *
 * <p>The evidence is what the requester's own ledger node serves as the latest record event of
 * each record, keyed by record ref; this class proves each one committed but cannot know that no
 * later event exists, which is the node's part. The proof is checked for the transaction it
 * carries ({@link TransactionQuery#byHash} of its own hash): what binds it to the entry are the
 * payload checks after it. Entries that fail are never among the verified ones; nothing an entry
 * holds appears in a result's text. Thread-safe.
 */
public final class ExchangeVerifier {

  /** Why an entry was not verified, in the order the checks run. */
  public enum Problem {
    NO_EVIDENCE,
    PROOF_INVALID,
    NOT_THIS_RECORD,
    DELETED_ON_CHAIN,
    CONTENT_ALTERED
  }

  /** An entry that did not verify, named by its record ref (a pseudonym). */
  public record Mismatch(Hash recordRef, Problem problem) {
    public Mismatch {
      Objects.requireNonNull(recordRef, "recordRef");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** The entries that verified and the ones that did not, each in bundle order. */
  public record Result(List<Entry> verified, List<Mismatch> mismatches) {
    public Result {
      verified = List.copyOf(verified);
      mismatches = List.copyOf(mismatches);
    }

    /** Whether every entry verified. */
    public boolean allVerified() {
      return mismatches.isEmpty();
    }

    @Override
    public String toString() {
      return "Result[" + verified.size() + " verified, " + mismatches.size() + " mismatches]";
    }
  }

  private final LedgerVerifier ledger;
  private final String servingProvider;

  private ExchangeVerifier(LedgerVerifier ledger, String servingProvider) {
    this.ledger = ledger;
    this.servingProvider = servingProvider;
  }

  /**
   * A verifier of bundles from {@code servingProvider}.
   *
   * @param ledger the verifier for the {@code ehr} channel's genesis
   * @throws IllegalArgumentException if the provider id is not a valid member id
   */
  public static ExchangeVerifier create(LedgerVerifier ledger, String servingProvider) {
    Objects.requireNonNull(ledger, "ledger");
    return new ExchangeVerifier(ledger, Ids.require(servingProvider, "serving provider"));
  }

  /** {@code create(ledger, servingProvider).verify(bundle, evidence)}. */
  public static Result verify(LedgerVerifier ledger, String servingProvider, ExchangeBundle.Parsed bundle,
      Map<Hash, TransactionProof> evidence) {
    return create(ledger, servingProvider).verify(bundle, evidence);
  }

  /**
   * Checks every entry of {@code bundle} against {@code evidence}.
   *
   * @param evidence the latest record event of each record, with its proof, keyed by record ref
   */
  public Result verify(ExchangeBundle.Parsed bundle, Map<Hash, TransactionProof> evidence) {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(evidence, "evidence");
    ContentHash hasher = ContentHash.withSalt(bundle.contentSalt());
    List<Entry> verified = new ArrayList<>();
    List<Mismatch> mismatches = new ArrayList<>();
    for (Entry entry : bundle.entries()) {
      Problem problem = check(entry, evidence.get(entry.recordRef()), hasher);
      if (problem == null) {
        verified.add(entry);
      } else {
        mismatches.add(new Mismatch(entry.recordRef(), problem));
      }
    }
    return new Result(verified, mismatches);
  }

  /**
   * The FHIR Bundle of {@code verified} entries, in the shape of {@link ExchangeBundle#write} but
   * without the content salt: what is handed on for display once verification is done.
   */
  public static String bundleOf(List<Entry> verified, Instant timestamp) {
    return ExchangeBundle.render(null, verified, timestamp);
  }

  /** The entry's problem, or null if it verified. */
  private Problem check(Entry entry, TransactionProof proof, ContentHash hasher) {
    if (proof == null) {
      return Problem.NO_EVIDENCE;
    }
    Transaction transaction = proof.transaction();
    try {
      ledger.verifyTransaction(TransactionQuery.byHash(transaction.hash()), proof);
    } catch (VerificationException | IllegalArgumentException e) {
      // A malformed proof (say, a leaf index outside the tree) can be refused unchecked.
      return Problem.PROOF_INVALID;
    }
    if (transaction.channel() != Channel.EHR
        || !(transaction.payload() instanceof RecordEvent event)
        || !event.provider().equals(servingProvider)
        || !event.recordRef().equals(entry.recordRef())
        || !event.resourceType().equals(entry.resourceType())) {
      return Problem.NOT_THIS_RECORD;
    }
    if (event.op() == RecordEvent.Operation.DELETE) {
      return Problem.DELETED_ON_CHAIN;
    }
    Hash computed = hasher.of(entry.resourceType(), entry.resourceId(), entry.version(), entry.jsonbText());
    return computed.equals(event.contentHash()) ? null : Problem.CONTENT_ALTERED;
  }
}
