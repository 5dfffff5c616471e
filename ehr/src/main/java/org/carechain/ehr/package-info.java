/**
 * The provider side of CareChain's EHR integrity path: the sample FHIR R4 database, synthetic
 * data, the canonical content hash and pseudonyms of record events, and change capture.
 *
 * <p>Nothing here may write protected health information to a log line or an exception message:
 * name rows by resource type and a pseudonym, never by id or content.
 */
package org.carechain.ehr;
