/** The sample provider database: where it is, and its schema. */
package org.carechain.ehr.db;
