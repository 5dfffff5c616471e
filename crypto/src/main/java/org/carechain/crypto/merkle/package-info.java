/**
 * The RFC 6962 Merkle log (RFC 6962 section 2.1, restated in RFC 9162 section 2.1): hashing, tree
 * heads, inclusion and consistency proofs.
 *
 * <ul>
 *   <li>{@link org.carechain.crypto.merkle.Rfc6962Hasher}: leaf and node hashing with the 0x00 and
 *       0x01 domain-separation prefixes.
 *   <li>{@link org.carechain.crypto.merkle.ProofNodes}: which complete subtrees a proof or root
 *       needs, computed from sizes and indices alone, and how to combine their hashes.
 *   <li>{@link org.carechain.crypto.merkle.SubtreeHashSource}: the one thing a store must provide,
 *       the hash of a complete subtree. {@link org.carechain.crypto.merkle.MerkleLog} is the
 *       in-memory store; a database-backed one only needs to implement this interface.
 *   <li>{@link org.carechain.crypto.merkle.ProofVerifier}: pure verification functions that throw
 *       {@link org.carechain.crypto.merkle.ProofVerificationException}.
 * </ul>
 *
 * <p>Sizes and indices are {@code long}; a negative value is always an error. Following
 * transparency-dev/merkle, a consistency proof from the empty tree (size1 = 0) is rejected: it
 * proves nothing, and accepting it would let a caller skip the check by claiming an empty tree.
 */
package org.carechain.crypto.merkle;
