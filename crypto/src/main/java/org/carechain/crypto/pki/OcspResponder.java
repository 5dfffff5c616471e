package org.carechain.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * An RFC 6960 OCSP responder for one CA, which signs its own responses with the CA key (RFC 6960
 * section 2.6, "the CA who issued the certificate"): no delegated responder certificate, and the
 * responder id is the CA's key hash. Pure: the clock and the status source are passed in.
 * Thread-safe.
 *
 * <h2>Answers</h2>
 *
 * <ul>
 *   <li>A request that cannot be read, has no or more than {@value #MAX_REQUESTS} entries, or a
 *       nonce longer than 32 bytes (RFC 8954) gets {@code malformedRequest}: never an exception.
 *   <li>An entry whose CertID names this CA (issuerNameHash and issuerKeyHash under SHA-1, which
 *       OpenSSL sends by default, or SHA-256) gets the {@link StatusLookup}'s answer.
 *   <li>An entry for another issuer, or hashed with another algorithm, gets {@code unknown}; a
 *       request with only such entries gets {@code unauthorized}, the RFC 6960 section 2.3 answer
 *       of a responder that is not authoritative for any of them.
 *   <li>thisUpdate and producedAt are {@code now} (whole seconds); nextUpdate is {@code now} plus
 *       the configured validity. A nonce extension is echoed.
 * </ul>
 *
 * <h2>Cache</h2>
 *
 * <p>A request with one entry for this CA and no nonce (the common case, and the only one a cache
 * can serve) is answered from a per-serial cache of signed responses while the cached one is
 * younger than the refresh interval. Only {@code good} and {@code revoked} answers are cached, so
 * a certificate issued after an {@code unknown} answer is seen at once. When a status changes, the
 * service must call {@link #invalidate} <em>after</em> the change is visible to its
 * {@link StatusLookup}: a response built from a lookup that raced with the change is then dropped,
 * never served.
 */
public final class OcspResponder {

  /** Most entries answered in one request. */
  public static final int MAX_REQUESTS = 16;

  /** Longest request read, in bytes. */
  public static final int MAX_REQUEST_SIZE = 8 * 1024;

  private static final int MAX_NONCE_SIZE = 32;

  private static final byte[] MALFORMED_REQUEST = statusOnly(OCSPRespBuilder.MALFORMED_REQUEST);
  private static final byte[] INTERNAL_ERROR = statusOnly(OCSPRespBuilder.INTERNAL_ERROR);
  private static final byte[] TRY_LATER = statusOnly(OCSPRespBuilder.TRY_LATER);
  private static final byte[] UNAUTHORIZED = statusOnly(OCSPRespBuilder.UNAUTHORIZED);

  private final CertificateAuthority ca;
  private final Duration validity;
  private final Duration refreshAfter;
  private final int maxCachedResponses;
  private final RespID responderId;
  private final IssuerHashes sha1;
  private final IssuerHashes sha256;
  private final ConcurrentHashMap<BigInteger, CachedResponse> cache = new ConcurrentHashMap<>();
  private final AtomicLong invalidations = new AtomicLong();

  private OcspResponder(CertificateAuthority ca, Duration validity, Duration refreshAfter, int maxCachedResponses) {
    this.ca = ca;
    this.validity = validity;
    this.refreshAfter = refreshAfter;
    this.maxCachedResponses = maxCachedResponses;
    CaCertificate certificate = ca.certificate();
    byte[] name = Der.encode(certificate.subjectName());
    byte[] key = certificate.subjectPublicKey().rawKeyBits();
    this.sha1 = new IssuerHashes(KeyIdentifiers.sha1(name), KeyIdentifiers.sha1(key));
    this.sha256 = new IssuerHashes(KeyIdentifiers.sha256(name), KeyIdentifiers.sha256(key));
    this.responderId = new RespID(new ResponderID(new DEROctetString(sha1.keyHash())));
  }

  /**
   * A responder for {@code ca}.
   *
   * @param validity how long a response is valid: nextUpdate minus thisUpdate
   * @param refreshAfter how long a cached response is served before a fresh one is signed; at
   *     most {@code validity}, so no client ever gets an expired response from the cache
   * @param maxCachedResponses how many serials the cache holds; 0 turns caching off
   */
  public static OcspResponder create(
      CertificateAuthority ca, Duration validity, Duration refreshAfter, int maxCachedResponses) {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(refreshAfter, "refreshAfter");
    if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("validity must be at least one second");
    }
    if (refreshAfter.isNegative() || refreshAfter.isZero() || refreshAfter.compareTo(validity) > 0) {
      throw new IllegalArgumentException("refreshAfter must be positive and at most validity");
    }
    if (maxCachedResponses < 0) {
      throw new IllegalArgumentException("maxCachedResponses must not be negative");
    }
    return new OcspResponder(ca, validity, refreshAfter, maxCachedResponses);
  }

  /**
   * Answers a DER OCSPRequest with a DER OCSPResponse, as described in the class comment.
   *
   * @throws RuntimeException only what {@code lookup} throws; a bad request is never an exception
   */
  public byte[] respond(byte[] ocspRequestDer, StatusLookup lookup, Instant now) {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(now, "now");
    Req[] entries;
    Extension nonce;
    CertID[] ids;
    boolean[] ours;
    try {
      if (ocspRequestDer == null || ocspRequestDer.length == 0 || ocspRequestDer.length > MAX_REQUEST_SIZE) {
        return MALFORMED_REQUEST.clone();
      }
      OCSPReq request = new OCSPReq(ocspRequestDer);
      entries = request.getRequestList();
      nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
      if (entries.length == 0 || entries.length > MAX_REQUESTS || (nonce != null && !acceptableNonce(nonce))) {
        return MALFORMED_REQUEST.clone();
      }
      ids = new CertID[entries.length];
      ours = new boolean[entries.length];
      for (int i = 0; i < entries.length; i++) {
        ids[i] = entries[i].getCertID().toASN1Primitive();
        ours[i] = isOurs(ids[i]);
      }
    } catch (IOException | RuntimeException e) {
      return MALFORMED_REQUEST.clone();
    }
    boolean anyOurs = false;
    for (boolean b : ours) {
      anyOurs |= b;
    }
    if (!anyOurs) {
      return UNAUTHORIZED.clone();
    }
    Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
    if (nonce == null && ids.length == 1 && maxCachedResponses > 0) {
      return respondCached(ids[0], lookup, thisUpdate);
    }
    CertificateStatus[] statuses = new CertificateStatus[ids.length];
    for (int i = 0; i < ids.length; i++) {
      statuses[i] = ours[i] ? statusOf(ids[i], lookup) : CertificateStatus.UNKNOWN;
    }
    return sign(ids, statuses, nonce, thisUpdate);
  }

  private byte[] respondCached(CertID id, StatusLookup lookup, Instant thisUpdate) {
    BigInteger serial = id.getSerialNumber().getValue();
    byte[] certId = Der.encode(id);
    CachedResponse cached = cache.get(serial);
    if (cached != null && cached.servesAt(certId, thisUpdate)) {
      return cached.response().clone();
    }
    long invalidationsBefore = invalidations.get();
    CertificateStatus status = statusOf(id, lookup);
    byte[] response = sign(new CertID[] {id}, new CertificateStatus[] {status}, null, thisUpdate);
    if (!(status instanceof CertificateStatus.Unknown)
        && (cache.size() < maxCachedResponses || cache.containsKey(serial))) {
      CachedResponse fresh = new CachedResponse(ByteBuffer.wrap(certId), response, thisUpdate, thisUpdate.plus(refreshAfter));
      cache.put(serial, fresh);
      if (invalidations.get() != invalidationsBefore) {
        // A status changed while this one was looked up; it may be stale, so do not keep it.
        cache.remove(serial, fresh);
      }
    }
    return response.clone();
  }

  /**
   * Drops the cached response for {@code serial}. Call it after every status change of the
   * serial (revocation, or issuance of a serial that was asked about), once the change is visible
   * to the {@link StatusLookup}.
   */
  public void invalidate(BigInteger serial) {
    Objects.requireNonNull(serial, "serial");
    invalidations.incrementAndGet();
    cache.remove(serial);
  }

  /** Drops cached responses that would no longer be served at {@code now}, to bound memory. */
  public void evictExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    cache.values().removeIf(cached -> !now.isBefore(cached.refreshAt()));
  }

  /** How many responses are cached now. */
  public int cachedResponses() {
    return cache.size();
  }

  /** An OCSPResponse with status internalError, for a service whose lookup failed. */
  public static byte[] internalErrorResponse() {
    return INTERNAL_ERROR.clone();
  }

  /** An OCSPResponse with status tryLater, for a service that is overloaded or starting. */
  public static byte[] tryLaterResponse() {
    return TRY_LATER.clone();
  }

  private CertificateStatus statusOf(CertID id, StatusLookup lookup) {
    BigInteger serial = id.getSerialNumber().getValue();
    if (serial.signum() <= 0 || serial.toByteArray().length > Der.MAX_SERIAL_BYTES) {
      return CertificateStatus.UNKNOWN;
    }
    return Objects.requireNonNull(lookup.status(serial), "StatusLookup returned null");
  }

  private byte[] sign(CertID[] ids, CertificateStatus[] statuses, Extension nonce, Instant thisUpdate) {
    BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
    java.util.Date thisUpdateDate = Der.toDate(thisUpdate);
    java.util.Date nextUpdateDate = Der.toDate(thisUpdate.plus(validity));
    for (int i = 0; i < ids.length; i++) {
      builder.addResponse(new CertificateID(ids[i]), toBc(statuses[i]), thisUpdateDate, nextUpdateDate, null);
    }
    if (nonce != null) {
      builder.setResponseExtensions(
          new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce.getExtnValue())));
    }
    try {
      BasicOCSPResp basic = builder.build(ca.newContentSigner(), null, thisUpdateDate);
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("building an OCSP response in memory failed", e);
    }
  }

  private static org.bouncycastle.cert.ocsp.CertificateStatus toBc(CertificateStatus status) {
    if (status instanceof CertificateStatus.Revoked revoked) {
      return new RevokedStatus(Der.toDate(revoked.revokedAt()), revoked.reason().code());
    }
    if (status instanceof CertificateStatus.Good) {
      return org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
    }
    return new UnknownStatus();
  }

  private boolean isOurs(CertID id) {
    ASN1ObjectIdentifier algorithm = id.getHashAlgorithm().getAlgorithm();
    var parameters = id.getHashAlgorithm().getParameters();
    if (parameters != null && !(parameters.toASN1Primitive() instanceof ASN1Null)) {
      return false;
    }
    IssuerHashes expected;
    if (OIWObjectIdentifiers.idSHA1.equals(algorithm)) {
      expected = sha1;
    } else if (NISTObjectIdentifiers.id_sha256.equals(algorithm)) {
      expected = sha256;
    } else {
      return false;
    }
    return Arrays.equals(expected.nameHash(), id.getIssuerNameHash().getOctets())
        && Arrays.equals(expected.keyHash(), id.getIssuerKeyHash().getOctets());
  }

  /** RFC 8954: a Nonce is an OCTET STRING of 1 to 32 bytes; raw bytes are accepted as well. */
  private static boolean acceptableNonce(Extension nonce) {
    byte[] value = nonce.getExtnValue().getOctets();
    int length = value.length;
    try {
      if (ASN1Primitive.fromByteArray(value) instanceof ASN1OctetString inner) {
        length = inner.getOctets().length;
      }
    } catch (IOException | RuntimeException e) {
      // Not DER: a client that sends the nonce bytes bare, as some older ones do.
    }
    return length >= 1 && length <= MAX_NONCE_SIZE;
  }

  private static byte[] statusOnly(int status) {
    try {
      return new OCSPRespBuilder().build(status, null).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("encoding a status-only OCSP response failed", e);
    }
  }

  private record IssuerHashes(byte[] nameHash, byte[] keyHash) {}

  private record CachedResponse(ByteBuffer certId, byte[] response, Instant thisUpdate, Instant refreshAt) {
    boolean servesAt(byte[] requestedCertId, Instant now) {
      return certId.equals(ByteBuffer.wrap(requestedCertId)) && !now.isBefore(thisUpdate) && now.isBefore(refreshAt);
    }
  }

  @Override
  public String toString() {
    return "OcspResponder{" + ca + ", validity=" + validity + ", refreshAfter=" + refreshAfter + "}";
  }
}
