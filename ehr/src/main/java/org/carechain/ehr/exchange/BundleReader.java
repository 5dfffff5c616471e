package org.carechain.ehr.exchange;

import static org.carechain.ehr.exchange.ExchangeBundle.CONTENT_SALT_URL;
import static org.carechain.ehr.exchange.ExchangeBundle.FULL_URL_PREFIX;
import static org.carechain.ehr.exchange.ExchangeBundle.MAX_ENTRIES;
import static org.carechain.ehr.exchange.ExchangeBundle.RECORD_ID_URL;
import static org.carechain.ehr.exchange.ExchangeBundle.RECORD_VERSION_URL;
import static org.carechain.ehr.exchange.ExchangeBundle.RESOURCE_ID;
import static org.carechain.ehr.exchange.ExchangeBundle.RESOURCE_TYPE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechain.crypto.Hash;
import org.carechain.ehr.exchange.ExchangeBundle.Entry;
import org.carechain.ehr.exchange.ExchangeBundle.Parsed;
import org.carechain.ehr.record.ProviderKeys;

/**
 * One pass of {@link ExchangeBundle#parse} over a bundle's tokens. Keeps where it is, as an element
 * path with entry and extension indexes, for error messages, which never quote the input. Not
 * thread-safe; one per parse.
 */
final class BundleReader {

  private static final Pattern LOWER_HEX_HASH = Pattern.compile("[0-9a-f]{64}");

  private final String json;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<Hash> recordRefs = new HashSet<>();
  private String where = "bundle";

  BundleReader(String json) {
    this.json = json;
  }

  String where() {
    return where;
  }

  Parsed read(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw problem("must be a JSON object");
    }
    String resourceType = null;
    String type = null;
    byte[] salt = null;
    boolean sawEntries = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "resourceType" -> resourceType = string(parser, value, "resourceType");
        case "type" -> type = string(parser, value, "type");
        case "meta" -> salt = meta(parser, value);
        case "entry" -> {
          entries(parser, value);
          sawEntries = true;
        }
        default -> parser.skipChildren();
      }
      where = "bundle";
    }
    if (parser.nextToken() != null) {
      throw problem("has content after the Bundle object");
    }
    if (!"Bundle".equals(resourceType)) {
      throw problem(resourceType == null ? "resourceType is missing" : "resourceType must be Bundle");
    }
    if (!"collection".equals(type)) {
      throw problem(type == null ? "type is missing" : "type must be collection");
    }
    if (salt == null) {
      throw problem("meta has no content-salt extension");
    }
    if (sawEntries && entries.isEmpty()) {
      throw problem("entry must not be an empty array");
    }
    return new Parsed(salt, entries);
  }

  private byte[] meta(JsonParser parser, JsonToken value) throws IOException {
    where = "bundle.meta";
    if (value != JsonToken.START_OBJECT) {
      throw problem("must be an object");
    }
    byte[] salt = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      if (!name.equals("extension")) {
        parser.skipChildren();
        continue;
      }
      Map<String, Object> known = extensions(parser, token, Set.of(CONTENT_SALT_URL));
      if (known.containsKey(CONTENT_SALT_URL)) {
        if (!(known.get(CONTENT_SALT_URL) instanceof String base64)) {
          throw problem("the content-salt extension must have a valueBase64Binary string");
        }
        try {
          salt = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
          throw problem("the content salt is not base64");
        }
        if (salt.length != ProviderKeys.KEY_BYTES) {
          throw problem("the content salt must be " + ProviderKeys.KEY_BYTES + " bytes, got " + salt.length);
        }
      }
    }
    return salt;
  }

  private void entries(JsonParser parser, JsonToken value) throws IOException {
    where = "bundle.entry";
    if (value != JsonToken.START_ARRAY) {
      throw problem("must be an array");
    }
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      int index = entries.size();
      where = "entry " + index;
      if (index == MAX_ENTRIES) {
        throw new IllegalArgumentException("bundle: more than " + MAX_ENTRIES + " entries");
      }
      if (token != JsonToken.START_OBJECT) {
        throw problem("must be an object");
      }
      entries.add(entry(parser));
    }
  }

  private Entry entry(JsonParser parser) throws IOException {
    String fullUrl = null;
    Map<String, Object> extensions = null;
    String resource = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "fullUrl" -> fullUrl = string(parser, value, "fullUrl");
        case "extension" -> extensions = extensions(parser, value, Set.of(RECORD_ID_URL, RECORD_VERSION_URL));
        case "resource" -> resource = resource(parser, value);
        default -> parser.skipChildren();
      }
    }
    if (fullUrl == null) {
      throw problem("fullUrl is missing");
    }
    if (!fullUrl.startsWith(FULL_URL_PREFIX)
        || !LOWER_HEX_HASH.matcher(fullUrl.substring(FULL_URL_PREFIX.length())).matches()) {
      throw problem("fullUrl must be " + FULL_URL_PREFIX + " followed by 64 lowercase hex digits");
    }
    Hash recordRef = Hash.fromHex(fullUrl.substring(FULL_URL_PREFIX.length()));
    if (!recordRefs.add(recordRef)) {
      throw problem("the record ref in fullUrl repeats an earlier entry");
    }
    if (extensions == null || !extensions.containsKey(RECORD_ID_URL)) {
      throw problem("the record-id extension is missing");
    }
    if (!(extensions.get(RECORD_ID_URL) instanceof String recordId)) {
      throw problem("the record-id extension must have a valueString");
    }
    int slash = recordId.indexOf('/');
    if (slash < 0) {
      throw problem("the record id must be Type/id");
    }
    String resourceType = recordId.substring(0, slash);
    String resourceId = recordId.substring(slash + 1);
    if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
      throw problem("the record id's type must be a FHIR type name");
    }
    if (!RESOURCE_ID.matcher(resourceId).matches()) {
      throw problem("the record id's id must be a FHIR id: 1 to 64 of [A-Za-z0-9.-]");
    }
    if (!extensions.containsKey(RECORD_VERSION_URL)) {
      throw problem("the record-version extension is missing");
    }
    if (!(extensions.get(RECORD_VERSION_URL) instanceof Long version)) {
      throw problem("the record-version extension must have a valueInteger");
    }
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw problem("the record version must be from 1 to " + Integer.MAX_VALUE);
    }
    if (resource == null) {
      throw problem("resource is missing");
    }
    try {
      return new Entry(resourceType, resourceId, version.intValue(), recordRef, resource);
    } catch (IllegalArgumentException e) {
      // Entry's messages name the rule broken, never the value.
      throw problem(e.getMessage());
    }
  }

  /** The exact text of the resource object, cut from the input. */
  private String resource(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw problem("resource must be a JSON object");
    }
    long start = parser.currentTokenLocation().getCharOffset();
    parser.skipChildren();
    long end = parser.currentLocation().getCharOffset();
    if (start < 0 || end > json.length() || start >= end || json.charAt((int) start) != '{'
        || json.charAt((int) end - 1) != '}') {
      throw new IllegalStateException("the JSON parser reported offsets that do not bound the resource object");
    }
    return json.substring((int) start, (int) end);
  }

  /**
   * Reads an extension array and returns the value of each extension whose url is one of
   * {@code urls}: a String for a JSON string, a Long for a JSON integer that fits, and
   * {@link JsonToken} for anything else. Other extensions are skipped.
   */
  private Map<String, Object> extensions(JsonParser parser, JsonToken value, Set<String> urls) throws IOException {
    String at = where;
    if (value != JsonToken.START_ARRAY) {
      throw problem("extension must be an array");
    }
    Map<String, Object> found = new HashMap<>();
    JsonToken token;
    int index = 0;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      where = at + ", extension " + index++;
      if (token != JsonToken.START_OBJECT) {
        throw problem("must be an object");
      }
      String url = null;
      Object extensionValue = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken field = parser.nextToken();
        if (name.equals("url")) {
          url = string(parser, field, "url");
        } else if (name.startsWith("value")) {
          if (extensionValue != null) {
            throw problem("has more than one value[x]");
          }
          extensionValue = scalar(parser, field);
        } else {
          parser.skipChildren();
        }
      }
      if (url == null) {
        throw problem("url is missing");
      }
      if (urls.contains(url)) {
        if (extensionValue == null) {
          throw problem("the " + url + " extension has no value");
        }
        if (found.put(url, extensionValue) != null) {
          throw problem("the " + url + " extension appears twice");
        }
      }
    }
    where = at;
    return found;
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    parser.skipChildren();
    return token;
  }

  private String string(JsonParser parser, JsonToken token, String field) throws IOException {
    if (token != JsonToken.VALUE_STRING) {
      throw problem(field + " must be a string");
    }
    return parser.getText();
  }

  private IllegalArgumentException problem(String what) {
    return new IllegalArgumentException(where + ": " + what);
  }
}
