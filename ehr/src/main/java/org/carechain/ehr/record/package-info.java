/**
 * From a captured row change to a ledger record event: provider keys, the canonical content hash,
 * pseudonyms and the mapper itself.
 */
package org.carechain.ehr.record;
