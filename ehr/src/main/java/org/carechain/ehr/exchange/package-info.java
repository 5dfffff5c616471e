/**
 * Record exchange between providers: the FHIR R4 Bundle that carries each record's stored jsonb
 * text byte for byte ({@link org.carechain.ehr.exchange.ExchangeBundle}), its encryption to the
 * requester's certificate key ({@link org.carechain.ehr.exchange.SealedBundle}), and the requester's
 * check of every record against the ledger ({@link org.carechain.ehr.exchange.ExchangeVerifier}).
 * Plain Java, no I/O.
 */
package org.carechain.ehr.exchange;
