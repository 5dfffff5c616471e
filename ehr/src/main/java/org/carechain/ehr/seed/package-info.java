/**
 * Synthetic data: a seeded population of fictitious patients across providers, its loader, and a
 * seeded workload of further changes. Nothing here describes a real person.
 */
package org.carechain.ehr.seed;
