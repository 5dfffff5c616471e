package org.carechain.ledger.core.genesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechain.crypto.CanonicalEncoder;
import org.carechain.crypto.Hash;
import org.carechain.crypto.sign.Ed25519PublicKey;
import org.carechain.ledger.core.Ids;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.chain.TypedPayload;
import org.carechain.ledger.core.proposer.ProposerGenesis;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;

/**
 * Everything a channel fixes at its start, identical on every validator: who validates, who may
 * submit, how proposers are chosen, the reward, the timeouts, the block limits and the important
 * items that significance counts. Its {@link #hash()} identifies the chain; a node refuses peers
 * whose genesis differs.
 *
 * @param blockRewardNano R, the significance a proposer earns per committed block, in 10^-9 units
 * @param appState what the services of the channel fix at its start, opaque to the ledger: each a
 *     typed protobuf message (e.g. the {@code cbc} channel's trust bundle and tracing officers).
 *     Part of the hash only when present, so a genesis without it keeps its hash.
 */
public record Genesis(
    String chainId,
    Channel channel,
    long genesisTimeMillis,
    List<Member> validators,
    List<Member> submitters,
    ProposerPolicyKind proposerPolicy,
    Duration starvingThreshold,
    long blockRewardNano,
    Timeouts timeouts,
    int maxBlockTransactions,
    int maxBlockBytes,
    ItemCatalog importantItems,
    List<TypedPayload> appState) {

  private static final Pattern CHAIN_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final String DOMAIN = "carechain/ledger/genesis/v1";

  /** A validator or submitter: an id and its Ed25519 public key. */
  public record Member(String id, Ed25519PublicKey publicKey) {
    public Member {
      Ids.require(id, "member");
      Objects.requireNonNull(publicKey, "publicKey");
    }
  }

  /**
   * Consensus timeouts: each step waits {@code base + round * roundIncrement}.
   */
  public record Timeouts(long proposeMillis, long prevoteMillis, long precommitMillis, long roundIncrementMillis) {
    public static final Timeouts DEFAULT = new Timeouts(1_000, 500, 500, 500);

    public Timeouts {
      if (proposeMillis < 1 || prevoteMillis < 1 || precommitMillis < 1 || roundIncrementMillis < 0) {
        throw new IllegalArgumentException("timeouts must be positive and the round increment >= 0");
      }
    }
  }

  public Genesis {
    Objects.requireNonNull(chainId, "chainId");
    if (!CHAIN_ID.matcher(chainId).matches()) {
      throw new IllegalArgumentException("chain id must be 1 to 63 characters of [a-z0-9.-], starting with a letter or digit");
    }
    Objects.requireNonNull(channel, "channel");
    if (genesisTimeMillis < 0) {
      throw new IllegalArgumentException("genesis time must not be before 1970");
    }
    validators = List.copyOf(validators);
    submitters = List.copyOf(submitters);
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a channel needs at least one validator");
    }
    requireDistinct(validators, "validator");
    requireDistinct(submitters, "submitter");
    Objects.requireNonNull(proposerPolicy, "proposerPolicy");
    Objects.requireNonNull(starvingThreshold, "starvingThreshold");
    if (blockRewardNano < 0) {
      throw new IllegalArgumentException("block reward must not be negative");
    }
    Objects.requireNonNull(timeouts, "timeouts");
    if (maxBlockTransactions < 1 || maxBlockTransactions > 100_000) {
      throw new IllegalArgumentException("max block transactions must be 1 to 100000");
    }
    if (maxBlockBytes < 1024 || maxBlockBytes > 64 * 1024 * 1024) {
      throw new IllegalArgumentException("max block bytes must be 1 KiB to 64 MiB");
    }
    Objects.requireNonNull(importantItems, "importantItems");
    appState = List.copyOf(appState);
    // Fails early, with the policy's own reasons, on settings the proposer policy cannot use.
    proposerGenesis0(proposerPolicy, validators, genesisTimeMillis, starvingThreshold);
  }

  /** A genesis without app state. */
  public Genesis(String chainId, Channel channel, long genesisTimeMillis, List<Member> validators,
      List<Member> submitters, ProposerPolicyKind proposerPolicy, Duration starvingThreshold, long blockRewardNano,
      Timeouts timeouts, int maxBlockTransactions, int maxBlockBytes, ItemCatalog importantItems) {
    this(chainId, channel, genesisTimeMillis, validators, submitters, proposerPolicy, starvingThreshold,
        blockRewardNano, timeouts, maxBlockTransactions, maxBlockBytes, importantItems, List.of());
  }

  /** The same genesis with this app state. */
  public Genesis withAppState(List<TypedPayload> state) {
    return new Genesis(chainId, channel, genesisTimeMillis, validators, submitters, proposerPolicy,
        starvingThreshold, blockRewardNano, timeouts, maxBlockTransactions, maxBlockBytes, importantItems, state);
  }

  /** The app state entry of this type, if the genesis has one. */
  public java.util.Optional<TypedPayload> appState(String typeUrl) {
    return appState.stream().filter(entry -> entry.typeUrl().equals(typeUrl)).findFirst();
  }

  /** f, the number of faulty validators the channel tolerates: ⌊(n−1)/3⌋. */
  public int faultTolerance() {
    return (validators.size() - 1) / 3;
  }

  /** Problems that do not make a genesis invalid but that an operator should fix, in plain words. */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (validators.size() < 4) {
      warnings.add(validators.size() + " validator(s) tolerate no faulty validator; BFT needs at least 4");
    }
    if (submitters.isEmpty()) {
      warnings.add("no submitter may submit transactions to this channel");
    }
    if (channel == Channel.EHR && importantItems.resourceTypes().isEmpty()) {
      warnings.add("no important items are configured, so every record is worth 0");
    }
    return warnings;
  }

  public ProposerGenesis proposerGenesis() {
    return proposerGenesis0(proposerPolicy, validators, genesisTimeMillis, starvingThreshold);
  }

  public Member validator(String id) {
    return validators.stream().filter(v -> v.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("validator " + id + " is not in the " + channel.id() + " genesis"));
  }

  /** The submitter whose public key has this id, if the genesis lists one. */
  public java.util.Optional<Member> submitter(org.carechain.crypto.sign.KeyId keyId) {
    return submitters.stream().filter(s -> s.publicKey().keyId().equals(keyId)).findFirst();
  }

  /** The chain's identity: SHA-256 over the canonical encoding of every field. */
  public Hash hash() {
    CanonicalEncoder encoder = CanonicalEncoder.forDomain(DOMAIN)
        .writeString(chainId)
        .writeString(channel.id())
        .writeInt64(genesisTimeMillis);
    writeMembers(encoder, validators);
    writeMembers(encoder, submitters);
    encoder.writeString(proposerPolicy.genesisName())
        .writeInt64(starvingThreshold.toMillis())
        .writeInt64(blockRewardNano)
        .writeInt64(timeouts.proposeMillis())
        .writeInt64(timeouts.prevoteMillis())
        .writeInt64(timeouts.precommitMillis())
        .writeInt64(timeouts.roundIncrementMillis())
        .writeInt32(maxBlockTransactions)
        .writeInt32(maxBlockBytes);
    List<String> types = new ArrayList<>(importantItems.resourceTypes());
    types.sort(null);
    encoder.writeCount(types.size());
    for (String type : types) {
      List<ImportantItem> items = importantItems.items(type);
      encoder.writeString(type).writeCount(items.size());
      for (ImportantItem item : items) {
        encoder.writeString(item.name()).writeString(item.fhirPath());
      }
    }
    if (!appState.isEmpty()) {
      encoder.writeCount(appState.size());
      for (TypedPayload entry : appState) {
        encoder.writeString(entry.typeUrl()).writeBytes(entry.value());
      }
    }
    return encoder.sha256();
  }

  private static void writeMembers(CanonicalEncoder encoder, List<Member> members) {
    encoder.writeCount(members.size());
    for (Member member : members) {
      encoder.writeString(member.id()).writeBytes(member.publicKey().toByteArray());
    }
  }

  private static void requireDistinct(List<Member> members, String what) {
    Set<String> ids = new HashSet<>();
    Set<Ed25519PublicKey> keys = new HashSet<>();
    for (Member member : members) {
      if (!ids.add(member.id())) {
        throw new IllegalArgumentException(what + " " + member.id() + " is listed twice");
      }
      if (!keys.add(member.publicKey())) {
        throw new IllegalArgumentException(what + " " + member.id() + " reuses another " + what + "'s key");
      }
    }
  }

  private static ProposerGenesis proposerGenesis0(ProposerPolicyKind policy, List<Member> validators,
      long genesisTimeMillis, Duration starvingThreshold) {
    return new ProposerGenesis(policy, validators.stream().map(Member::id).toList(), genesisTimeMillis,
        starvingThreshold);
  }

  /** The important items as the JSON file lists them. */
  public Map<String, List<ImportantItem>> importantItemsByType() {
    Map<String, List<ImportantItem>> byType = new java.util.TreeMap<>();
    for (String type : importantItems.resourceTypes()) {
      byType.put(type, importantItems.items(type));
    }
    return byType;
  }
}
