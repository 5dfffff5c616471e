/**
 * JMH benchmarks of the crypto module, each measured next to the baseline that bounds it (raw
 * SHA-256 for Merkle hashing, the JDK's Ed25519 for BouncyCastle's). Results and the hardware they
 * came from are recorded in {@code docs/benchmarks.md}.
 */
package org.carechain.bench;
