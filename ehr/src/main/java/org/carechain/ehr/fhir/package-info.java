/**
 * FHIR R4 with HAPI: the shared context and parser, the consortium's MPI patient links, item masks
 * from the important-item catalog, and confidentiality labels.
 */
package org.carechain.ehr.fhir;
