package org.carechain.ehr.fhir;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPath.IParsedExpression;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.carechain.ledger.core.chain.RecordEvent;
import org.carechain.ledger.core.significance.ImportantItem;
import org.carechain.ledger.core.significance.ItemCatalog;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Computes records' item masks from the consortium's {@link ItemCatalog}.
 *
 * <p>Bit {@code i} of a record's mask (byte {@code i / 8}, bit {@code i % 8}, least significant
 * first) is set when the FHIRPath expression of important item {@code i} of the record's type
 * yields a non-empty collection on the record. Every expression is parsed once, here.
 *
 * <p>Thread-safe: parsed expressions are immutable, and each thread evaluates with its own engine.
 */
public final class ItemMasks {

  private static final byte[] EMPTY = new byte[0];

  private final Map<String, IParsedExpression[]> expressionsByType = new HashMap<>();
  private final Map<String, List<String>> names = new HashMap<>();
  private final ThreadLocal<IFhirPath> engine = ThreadLocal.withInitial(() -> Fhir.context().newFhirPath());

  /**
   * Parses every expression of {@code catalog}.
   *
   * @throws IllegalArgumentException if an expression does not parse, or a type has more items
   *     than a record event's mask can hold
   */
  public ItemMasks(ItemCatalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    IFhirPath parser = engine.get();
    for (String type : catalog.resourceTypes()) {
      List<ImportantItem> items = catalog.items(type);
      if (items.size() > RecordEvent.MAX_ITEM_MASK_BYTES * 8) {
        throw new IllegalArgumentException("resource type " + type + " has " + items.size()
            + " important items, a record event's mask holds at most " + RecordEvent.MAX_ITEM_MASK_BYTES * 8);
      }
      IParsedExpression[] parsed = new IParsedExpression[items.size()];
      for (int i = 0; i < parsed.length; i++) {
        parsed[i] = parse(parser, type, items.get(i));
      }
      expressionsByType.put(type, parsed);
      names.put(type, items.stream().map(ImportantItem::name).toList());
    }
  }

  /**
   * The item mask of {@code resource}: empty for a type the catalog does not cover.
   *
   * @throws IllegalArgumentException if an expression fails on the resource; the message names the
   *     item only, since the engine's own message may quote the content
   */
  public byte[] maskOf(IBaseResource resource) {
    Objects.requireNonNull(resource, "resource");
    String type = resource.fhirType();
    IParsedExpression[] expressions = expressionsByType.get(type);
    if (expressions == null) {
      return EMPTY.clone();
    }
    IFhirPath fhirPath = engine.get();
    byte[] mask = new byte[(expressions.length + 7) / 8];
    for (int i = 0; i < expressions.length; i++) {
      List<IBase> result;
      try {
        result = fhirPath.evaluate(resource, expressions[i], IBase.class);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("important item " + type + "." + names.get(type).get(i)
            + ": its FHIRPath expression failed on this record");
      }
      if (!result.isEmpty()) {
        mask[i >>> 3] |= (byte) (1 << (i & 7));
      }
    }
    return mask;
  }

  private static IParsedExpression parse(IFhirPath parser, String type, ImportantItem item) {
    try {
      return parser.parse(item.fhirPath());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "important item " + type + "." + item.name() + ": FHIRPath expression does not parse: " + e.getMessage(), e);
    }
  }
}
