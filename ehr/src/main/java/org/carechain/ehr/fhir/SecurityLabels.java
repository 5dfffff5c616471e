package org.carechain.ehr.fhir;

import java.util.Objects;
import org.carechain.ledger.core.chain.RecordEvent.SecurityLabel;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A record's confidentiality, from its {@code meta.security} labels. */
public final class SecurityLabels {

  /** HL7 v3 Confidentiality: U, L, M, N, R, V. */
  public static final String CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

  private SecurityLabels() {}

  /**
   * The most restrictive confidentiality code among {@code resource}'s {@code meta.security}
   * codings, or N (normal) when it has none, as HL7 defaults. Codings of other systems, and codes
   * outside the six, are not confidentiality levels and are passed over.
   */
  public static SecurityLabel of(IBaseResource resource) {
    Objects.requireNonNull(resource, "resource");
    SecurityLabel strictest = null;
    for (IBaseCoding coding : resource.getMeta().getSecurity()) {
      if (!CONFIDENTIALITY_SYSTEM.equals(coding.getSystem())) {
        continue;
      }
      SecurityLabel label = labelOf(coding.getCode());
      if (label != null && (strictest == null || label.compareTo(strictest) > 0)) {
        strictest = label;
      }
    }
    return strictest == null ? SecurityLabel.N : strictest;
  }

  private static SecurityLabel labelOf(String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "U" -> SecurityLabel.U;
      case "L" -> SecurityLabel.L;
      case "M" -> SecurityLabel.M;
      case "N" -> SecurityLabel.N;
      case "R" -> SecurityLabel.R;
      case "V" -> SecurityLabel.V;
      default -> null;
    };
  }
}
