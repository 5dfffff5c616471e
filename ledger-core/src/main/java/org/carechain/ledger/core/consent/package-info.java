/**
 * Consent on the ehr channel, as a pure function of the chain: patients' grants and revocations
 * (FHIR R4 Consent provisions) and the decision a provider takes on an access request.
 *
 * <p>Entry point: {@link org.carechain.ledger.core.consent.ConsentPolicy#decide}. The rules, the
 * reason codes and how a decision is replayed are written down in {@code docs/interop.md}.
 */
package org.carechain.ledger.core.consent;
