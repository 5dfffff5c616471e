package org.carechain.consensus;

import java.util.Objects;

/** One validator's precommit signature inside a {@link CommitCertificate}. */
public record CommitSignature(String validator, Signature signature) {

  public CommitSignature {
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(signature, "signature");
  }
}
