package org.carechain.ehr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one FHIR R4 context of this process, and JSON parsing with it.
 *
 * <p>A {@link FhirContext} scans the whole R4 model on first use (about a second), so there is
 * exactly one, made lazily. Parsers are cheap and not thread-safe, so each call gets its own.
 */
public final class Fhir {

  private Fhir() {}

  private static final class Holder {
    // The JVM runs a holder's initialiser once, on first access, under a lock: lazy and thread-safe.
    static final FhirContext CONTEXT = FhirContext.forR4Cached();
  }

  /** The shared R4 context. */
  public static FhirContext context() {
    return Holder.CONTEXT;
  }

  /**
   * Parses a FHIR R4 resource from JSON.
   *
   * <p>Unknown elements are ignored silently: HAPI's default handler would log them, with their
   * values, and this content is health information. A value that is invalid for its element (a
   * malformed date, say) still fails.
   *
   * @throws DataFormatException if {@code json} is not a FHIR R4 resource; its message may quote the
   *     content, so callers must not pass it on to a log or a client
   */
  public static IBaseResource parse(String json) {
    Objects.requireNonNull(json, "json");
    return jsonParser().parseResource(json);
  }

  /** A new JSON parser that logs nothing about the content it reads. */
  public static IParser jsonParser() {
    return context().newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
  }
}
