/**
 * Change capture from the provider's PostgreSQL: the {@code pgoutput} logical replication stream
 * of {@code fhir_resource}, read whole transaction by whole transaction.
 *
 * <p>The flow: {@link org.carechain.ehr.capture.CaptureSetup} checks (and may create) the
 * publication and the replication slot; {@link org.carechain.ehr.capture.ChangeSource} streams
 * the slot, {@link org.carechain.ehr.capture.PgOutputDecoder} decodes each message and {@link
 * org.carechain.ehr.capture.TransactionAssembler} turns the messages of one committed transaction
 * into one {@link org.carechain.ehr.capture.SourceTransaction}. The caller confirms a transaction
 * only after its events are durably stored, so after a crash the slot replays exactly the
 * unconfirmed ones.
 *
 * <p>Log lines and exception messages here name LSNs, counts and tables only: never a row's id or
 * content.
 */
package org.carechain.ehr.capture;
