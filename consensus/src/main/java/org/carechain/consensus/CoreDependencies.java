package org.carechain.consensus;

import java.util.Objects;

/** What a core needs from its node: everything that is not consensus logic. */
public record CoreDependencies<V extends ProposedValue>(
    ValidatorSet validators,
    ProposerSchedule proposers,
    ValueValidator<V> validator,
    ValueSource<V> source,
    MessageSigner signer,
    MessageAuthenticator authenticator) {

  public CoreDependencies {
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(proposers, "proposers");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(authenticator, "authenticator");
  }
}
