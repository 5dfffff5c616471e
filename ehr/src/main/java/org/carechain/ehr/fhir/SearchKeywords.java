package org.carechain.ehr.fhir;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search keywords of one FHIR R4 record, for the encrypted search index: what a user can find
 * the record by, and nothing that identifies a person.
 *
 * <ul>
 *   <li>{@code type=<resourceType>}, for every record;
 *   <li>{@code code=<code>} and {@code code=<system>|<code>} (FHIR token syntax) for every Coding
 *       of the resource: SNOMED CT, LOINC, RxNorm, ICD-10 or any other system;
 *   <li>{@code date=YYYY} and {@code date=YYYY-MM} from the record's clinical date, the first
 *       present of: {@code effective[x]}, {@code occurrence[x]}, {@code performed[x]},
 *       {@code onset[x]}, {@code authoredOn}, {@code period.start}, {@code issued},
 *       {@code recordedDate} (a Period contributes its start).
 * </ul>
 *
 * <p>A Coding is any JSON object with a string {@code system} and a string {@code code} and no
 * {@code value} (which would make it a Quantity, whose code is a unit). Left out on purpose, since
 * they describe the person or the record's handling rather than its clinical content: a Patient's
 * everything but its type (names, birth date, address, telecom, identifiers and demographic codes),
 * and in every resource the {@code meta} (security labels, tags), {@code identifier},
 * {@code extension} and {@code modifierExtension} elements, the narrative {@code text}, and
 * contained Patients. Displays and free text are never read, so no name, note or display string can
 * become a keyword.
 *
 * <p>Bounded: at most {@value #MAX_KEYWORDS} keywords per record (type and dates first, then codes
 * in document order), each at most {@value #MAX_KEYWORD_LENGTH} characters (longer ones are
 * dropped, not cut). Pure and thread-safe.
 */
public final class SearchKeywords {

  /** The most keywords one record gets. */
  public static final int MAX_KEYWORDS = 64;

  /** The longest keyword, in characters. */
  public static final int MAX_KEYWORD_LENGTH = 200;

  private static final ObjectReader JSON = JsonMapper.builder().build().reader();
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{0,63}");
  /** A FHIR date, dateTime or instant: year, optional month, optional day and time. */
  private static final Pattern YEAR_MONTH =
      Pattern.compile("(\\d{4})(?:-(0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01])(?:T.*)?)?)?");

  /** Elements never walked for codes: administrative, identifying or free-form. */
  private static final Set<String> SKIPPED_ELEMENTS =
      Set.of("meta", "identifier", "extension", "modifierExtension", "text");

  /**
   * Where each resource type keeps its clinical date, in order of preference: a dateTime/instant
   * element, or a Period element (prefix {@code period:}) whose start counts.
   */
  private static final List<String> DATE_ELEMENTS = List.of(
      "effectiveDateTime", "effectiveInstant", "period:effectivePeriod",
      "occurrenceDateTime", "period:occurrencePeriod",
      "performedDateTime", "period:performedPeriod",
      "onsetDateTime", "period:onsetPeriod",
      "authoredOn", "period:period", "issued", "recordedDate");

  private SearchKeywords() {}

  /**
   * The keywords of one record.
   *
   * @param resourceType the record's resource type, as stored with it
   * @param json the record's content: one FHIR R4 resource as JSON (HAPI's or PostgreSQL's jsonb
   *     text of it)
   * @return the keywords, in a fixed order; unmodifiable
   * @throws IllegalArgumentException if {@code resourceType} is not a resource type name, or
   *     {@code json} is not a JSON object of that type; the message never quotes the content
   */
  public static Set<String> extract(String resourceType, String json) {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(json, "json");
    if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
      throw new IllegalArgumentException("not a FHIR resource type name");
    }
    JsonNode resource = parse(json);
    JsonNode declaredType = resource.get("resourceType");
    if (declaredType != null && !resourceType.equals(declaredType.asText())) {
      throw new IllegalArgumentException("record content is not a " + resourceType + " resource");
    }

    Keywords keywords = new Keywords();
    keywords.add("type=" + resourceType);
    if (resourceType.equals("Patient")) {
      return keywords.toSet();
    }
    String date = dateOf(resource);
    if (date != null) {
      Matcher matcher = YEAR_MONTH.matcher(date);
      if (matcher.matches()) {
        keywords.add("date=" + matcher.group(1));
        if (matcher.group(2) != null) {
          keywords.add("date=" + matcher.group(1) + "-" + matcher.group(2));
        }
      }
    }
    addCodings(resource, keywords);
    return keywords.toSet();
  }

  /**
   * The record's clinical date as FHIR writes it (a date, dateTime or instant), from the first of
   * the elements search and exchange look at that it has; empty if it has none.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object; the message never quotes it
   */
  public static java.util.Optional<String> clinicalDate(String json) {
    return clinicalDate(parse(Objects.requireNonNull(json, "json")));
  }

  /** {@link #clinicalDate(String)} of a resource already parsed (a JSON object). */
  public static java.util.Optional<String> clinicalDate(JsonNode resource) {
    return java.util.Optional.ofNullable(dateOf(Objects.requireNonNull(resource, "resource")));
  }

  private static JsonNode parse(String json) {
    JsonNode resource;
    try {
      resource = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending text, so only the position is passed on.
      JsonLocation location = e.getLocation();
      throw new IllegalArgumentException("record content is not valid JSON"
          + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
    }
    if (resource == null || !resource.isObject()) {
      throw new IllegalArgumentException("record content is not a JSON object");
    }
    return resource;
  }

  private static String dateOf(JsonNode resource) {
    for (String element : DATE_ELEMENTS) {
      JsonNode value = element.startsWith("period:")
          ? resource.path(element.substring("period:".length())).get("start")
          : resource.get(element);
      if (value != null && value.isTextual()) {
        return value.textValue();
      }
    }
    return null;
  }

  private static void addCodings(JsonNode node, Keywords keywords) {
    if (keywords.full()) {
      return;
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        addCodings(element, keywords);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    JsonNode type = node.get("resourceType");
    if (type != null && "Patient".equals(type.asText())) {
      return; // a contained Patient: nothing of a person is indexed
    }
    JsonNode system = node.get("system");
    JsonNode code = node.get("code");
    if (system != null && system.isTextual() && code != null && code.isTextual() && !node.has("value")) {
      addCoding(system.textValue(), code.textValue(), keywords);
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!SKIPPED_ELEMENTS.contains(field.getKey()) && field.getValue().isContainerNode()) {
        addCodings(field.getValue(), keywords);
      }
    }
  }

  private static void addCoding(String system, String code, Keywords keywords) {
    if (code.isBlank() || hasControlCharacter(code) || hasControlCharacter(system)) {
      return;
    }
    keywords.add("code=" + code);
    if (!system.isBlank()) {
      keywords.add("code=" + system + "|" + code);
    }
  }

  private static boolean hasControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** An insertion-ordered set that drops over-long keywords and stops at the bound. */
  private static final class Keywords {
    private final Set<String> set = new LinkedHashSet<>();

    void add(String keyword) {
      if (keyword.length() <= MAX_KEYWORD_LENGTH && !full()) {
        set.add(keyword);
      }
    }

    boolean full() {
      return set.size() >= MAX_KEYWORDS;
    }

    Set<String> toSet() {
      return Collections.unmodifiableSet(set);
    }
  }
}
