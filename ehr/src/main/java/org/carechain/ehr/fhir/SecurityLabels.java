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
      strictest = stricter(strictest, coding.getSystem(), coding.getCode());
    }
    return strictest == null ? SecurityLabel.N : strictest;
  }

  /**
   * The same rule over a resource's JSON, read with Jackson instead of HAPI's model (an order of
   * magnitude cheaper, for paths that only need the label).
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object; the message never quotes it
   */
  public static SecurityLabel ofJson(String json) {
    Objects.requireNonNull(json, "json");
    com.fasterxml.jackson.databind.JsonNode resource;
    try {
      resource = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("record content is not valid JSON");
    }
    if (resource == null || !resource.isObject()) {
      throw new IllegalArgumentException("record content is not a JSON object");
    }
    return of(resource);
  }

  /** {@link #ofJson} of a resource already parsed (a JSON object). */
  public static SecurityLabel of(com.fasterxml.jackson.databind.JsonNode resource) {
    SecurityLabel strictest = null;
    for (com.fasterxml.jackson.databind.JsonNode coding : resource.path("meta").path("security")) {
      strictest = stricter(strictest, coding.path("system").textValue(), coding.path("code").textValue());
    }
    return strictest == null ? SecurityLabel.N : strictest;
  }

  private static final com.fasterxml.jackson.databind.ObjectReader JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder().build().reader();

  private static SecurityLabel stricter(SecurityLabel strictest, String system, String code) {
    if (!CONFIDENTIALITY_SYSTEM.equals(system)) {
      return strictest;
    }
    SecurityLabel label = labelOf(code);
    return label != null && (strictest == null || label.compareTo(strictest) > 0) ? label : strictest;
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
