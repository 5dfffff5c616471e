package org.carechain.ledger.core.significance;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The consortium's important items: for each FHIR resource type τ, an ordered list of Ω<sub>τ</sub>
 * items. Bit i of a record's item mask refers to the i-th item of its type, so the order is part
 * of the agreement and must never be reshuffled under a running chain.
 */
public final class ItemCatalog {

  /**
   * Most items a resource type may have. Each event costs O(Ω · providers in its group), and masks
   * travel in every record event; a few hundred items is already far beyond any data-quality list.
   */
  public static final int MAX_ITEMS_PER_TYPE = 1024;

  // FHIR resource type names are alphanumeric and start with a capital letter ("Observation").
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");

  private final SortedMap<String, List<ImportantItem>> itemsByType;

  private ItemCatalog(SortedMap<String, List<ImportantItem>> itemsByType) {
    this.itemsByType = itemsByType;
  }

  /**
   * Validates and copies a catalog.
   *
   * @throws IllegalArgumentException if a type name is not a FHIR resource
   *     type name, a type has no items or more than {@value #MAX_ITEMS_PER_TYPE}, or two items of
   *     one type share a name
   */
  public static ItemCatalog of(Map<String, List<ImportantItem>> itemsByType) {
    // An empty catalog is allowed: channels without record events (rbc, cbc, search) count nothing.
    Objects.requireNonNull(itemsByType, "itemsByType");
    SortedMap<String, List<ImportantItem>> copy = new TreeMap<>();
    for (Map.Entry<String, List<ImportantItem>> entry : itemsByType.entrySet()) {
      String type = requireResourceType(entry.getKey());
      copy.put(type, validItems(type, entry.getValue()));
    }
    return new ItemCatalog(Collections.unmodifiableSortedMap(copy));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns {@code type} if it looks like a FHIR resource type name.
   *
   * @throws IllegalArgumentException otherwise
   */
  static String requireResourceType(String type) {
    Objects.requireNonNull(type, "resourceType");
    if (!RESOURCE_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "resource type must match [A-Z][A-Za-z0-9]{0,63} (e.g. \"Observation\"), got \""
              + type + "\"");
    }
    return type;
  }

  private static List<ImportantItem> validItems(String type, List<ImportantItem> items) {
    Objects.requireNonNull(items, "items of " + type);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "resource type " + type + " must list at least one important item (Ω ≥ 1)");
    }
    if (items.size() > MAX_ITEMS_PER_TYPE) {
      throw new IllegalArgumentException(
          "resource type " + type + " lists " + items.size() + " important items, at most "
              + MAX_ITEMS_PER_TYPE + " are allowed");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ImportantItem item = Objects.requireNonNull(items.get(i), type + " item " + i);
      if (!names.add(item.name())) {
        throw new IllegalArgumentException(
            "resource type " + type + " lists important item \"" + item.name() + "\" twice");
      }
    }
    return List.copyOf(items);
  }

  /** Whether record events of {@code resourceType} count towards significance. */
  public boolean covers(String resourceType) {
    return itemsByType.containsKey(resourceType);
  }

  /**
   * Ω of {@code resourceType}.
   *
   * @throws IllegalArgumentException if the catalog does not cover the type
   */
  public int omega(String resourceType) {
    return items(resourceType).size();
  }

  /**
   * The items of {@code resourceType}, in mask-bit order.
   *
   * @throws IllegalArgumentException if the catalog does not cover the type
   */
  public List<ImportantItem> items(String resourceType) {
    List<ImportantItem> items = itemsByType.get(resourceType);
    if (items == null) {
      throw new IllegalArgumentException(
          "resource type " + resourceType + " has no important items in the catalog");
    }
    return items;
  }

  /** The covered resource types, sorted. */
  public Set<String> resourceTypes() {
    return itemsByType.keySet();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ItemCatalog that && itemsByType.equals(that.itemsByType);
  }

  @Override
  public int hashCode() {
    return itemsByType.hashCode();
  }

  @Override
  public String toString() {
    return "ItemCatalog" + itemsByType;
  }

  /** Collects types in any order; {@link #build} validates. */
  public static final class Builder {
    private final Map<String, List<ImportantItem>> itemsByType = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a resource type with its items in mask-bit order.
     *
     * @throws IllegalArgumentException if the type was already added
     */
    public Builder type(String resourceType, ImportantItem... items) {
      if (itemsByType.containsKey(resourceType)) {
        throw new IllegalArgumentException("resource type " + resourceType + " added twice");
      }
      itemsByType.put(resourceType, List.of(items));
      return this;
    }

    public ItemCatalog build() {
      return ItemCatalog.of(itemsByType);
    }
  }
}
