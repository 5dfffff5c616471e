package org.carechain.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.junit.jupiter.api.Test;

class OcspResponderTest {

  private static final BigInteger GOOD = BigInteger.valueOf(1001);
  private static final BigInteger REVOKED = BigInteger.valueOf(1002);
  private static final BigInteger UNKNOWN = BigInteger.valueOf(1003);
  private static final Instant REVOKED_AT = Instant.parse("2026-02-01T08:00:00Z");
  private static final Duration VALIDITY = Duration.ofHours(1);
  private static final Duration REFRESH = Duration.ofMinutes(10);

  private final CertificateAuthority ca = PkiFixtures.ca();
  private final CertificateAuthority otherCa = PkiFixtures.ca(2, "Other CA");
  private final OcspResponder responder = OcspResponder.create(ca, VALIDITY, REFRESH, 100);
  private final AtomicInteger lookups = new AtomicInteger();
  private final StatusLookup lookup = serial -> {
    lookups.incrementAndGet();
    if (serial.equals(GOOD)) {
      return CertificateStatus.GOOD;
    }
    if (serial.equals(REVOKED)) {
      return CertificateStatus.revoked(REVOKED_AT, RevocationReason.KEY_COMPROMISE);
    }
    return CertificateStatus.UNKNOWN;
  };

  @Test
  void goodRevokedAndUnknown() throws Exception {
    byte[] der = responder.respond(request(null, id(ca, GOOD), id(ca, REVOKED), id(ca, UNKNOWN)), lookup, PkiFixtures.NOW);
    BasicOCSPResp basic = successful(der);
    SingleResp[] responses = basic.getResponses();
    assertEquals(3, responses.length);
    assertEquals(id(ca, GOOD), responses[0].getCertID());
    assertNull(responses[0].getCertStatus());
    RevokedStatus revoked = assertInstanceOf(RevokedStatus.class, responses[1].getCertStatus());
    assertEquals(REVOKED_AT, revoked.getRevocationTime().toInstant());
    assertEquals(RevocationReason.KEY_COMPROMISE.code(), revoked.getRevocationReason());
    assertInstanceOf(UnknownStatus.class, responses[2].getCertStatus());
    assertEquals(PkiFixtures.NOW, responses[0].getThisUpdate().toInstant());
    assertEquals(PkiFixtures.NOW.plus(VALIDITY), responses[0].getNextUpdate().toInstant());
    assertEquals(PkiFixtures.NOW, basic.getProducedAt().toInstant());
  }

  @Test
  void signedByTheCaKeyWithResponderIdByKeyHash() throws Exception {
    BasicOCSPResp basic = successful(responder.respond(request(null, id(ca, GOOD)), lookup, PkiFixtures.NOW));
    assertEquals(Ed25519ContentSigner.ALGORITHM, basic.getSignatureAlgorithmID());
    ca.certificate().verifyCaSignature(basic.getSignature(), basic.getTBSResponseData());
    assertEquals(new ResponderID(new DEROctetString(ca.certificate().keyIdentifier())),
        basic.getResponderId().toASN1Primitive());
    assertEquals(0, basic.getCerts().length);
  }

  @Test
  void sha256CertIdsAreAnswered() throws Exception {
    CertificateID sha256 = id(ca, REVOKED, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    SingleResp single = successful(responder.respond(request(null, sha256), lookup, PkiFixtures.NOW)).getResponses()[0];
    assertEquals(sha256, single.getCertID());
    assertInstanceOf(RevokedStatus.class, single.getCertStatus());
  }

  @Test
  void nonceIsEchoedAndNotCached() throws Exception {
    byte[] nonce = new byte[16];
    Arrays.fill(nonce, (byte) 0x5a);
    byte[] first = responder.respond(request(nonce, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    Extension echoed = successful(first).getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    assertArrayEquals(new DEROctetString(nonce).getEncoded(), echoed.getExtnValue().getOctets());
    responder.respond(request(nonce, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    assertEquals(2, lookups.get());
    assertEquals(0, responder.cachedResponses());
  }

  @Test
  void foreignIssuerIsUnauthorizedAloneAndUnknownWhenMixed() throws Exception {
    assertEquals(OCSPResp.UNAUTHORIZED,
        new OCSPResp(responder.respond(request(null, id(otherCa, GOOD)), lookup, PkiFixtures.NOW)).getStatus());
    CertificateID sha384 = id(ca, GOOD, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384));
    assertEquals(OCSPResp.UNAUTHORIZED,
        new OCSPResp(responder.respond(request(null, sha384), lookup, PkiFixtures.NOW)).getStatus());

    SingleResp[] mixed = successful(
        responder.respond(request(null, id(ca, GOOD), id(otherCa, GOOD)), lookup, PkiFixtures.NOW)).getResponses();
    assertNull(mixed[0].getCertStatus());
    assertInstanceOf(UnknownStatus.class, mixed[1].getCertStatus());
    assertEquals(1, lookups.get());
  }

  @Test
  void malformedRequestsGetMalformedRequest() throws Exception {
    byte[] valid = request(null, id(ca, GOOD));
    List<byte[]> bad = new ArrayList<>();
    bad.add(null);
    bad.add(new byte[0]);
    bad.add(new byte[] {0x30, 0x03, 0x02, 0x01});
    bad.add("GET / HTTP/1.1".getBytes());
    for (int length = 1; length < valid.length; length++) {
      bad.add(Arrays.copyOf(valid, length));
    }
    CertificateID[] tooMany = new CertificateID[OcspResponder.MAX_REQUESTS + 1];
    Arrays.fill(tooMany, id(ca, GOOD));
    bad.add(request(null, tooMany));
    bad.add(request(new byte[33], id(ca, GOOD)));
    bad.add(new byte[OcspResponder.MAX_REQUEST_SIZE + 1]);
    for (int i = 0; i < bad.size(); i++) {
      byte[] response = responder.respond(bad.get(i), lookup, PkiFixtures.NOW);
      assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(response).getStatus(), "bad request #" + i);
    }
    assertEquals(0, lookups.get());
  }

  @Test
  void cachedResponseIsServedUntilRefresh() throws Exception {
    byte[] request = request(null, id(ca, GOOD));
    byte[] first = responder.respond(request, lookup, PkiFixtures.NOW);
    byte[] second = responder.respond(request, lookup, PkiFixtures.NOW.plus(REFRESH).minusSeconds(1));
    assertArrayEquals(first, second);
    assertEquals(1, lookups.get());
    byte[] third = responder.respond(request, lookup, PkiFixtures.NOW.plus(REFRESH));
    assertEquals(2, lookups.get());
    assertEquals(PkiFixtures.NOW.plus(REFRESH), successful(third).getResponses()[0].getThisUpdate().toInstant());
  }

  @Test
  void invalidateMakesTheNewStatusVisible() throws Exception {
    AtomicReference<CertificateStatus> status = new AtomicReference<>(CertificateStatus.GOOD);
    StatusLookup changing = serial -> status.get();
    byte[] request = request(null, id(ca, GOOD));
    assertNull(successful(responder.respond(request, changing, PkiFixtures.NOW)).getResponses()[0].getCertStatus());
    status.set(CertificateStatus.revoked(PkiFixtures.NOW, RevocationReason.PRIVILEGE_WITHDRAWN));
    // Without invalidation the cache still answers good...
    assertNull(successful(responder.respond(request, changing, PkiFixtures.NOW)).getResponses()[0].getCertStatus());
    responder.invalidate(GOOD);
    // ...and with it, revoked.
    assertInstanceOf(RevokedStatus.class,
        successful(responder.respond(request, changing, PkiFixtures.NOW)).getResponses()[0].getCertStatus());
  }

  @Test
  void responseRacingAnInvalidationIsNotCached() throws Exception {
    // The status changes and is invalidated while this response's lookup is running.
    StatusLookup racing = serial -> {
      responder.invalidate(serial);
      return CertificateStatus.GOOD;
    };
    responder.respond(request(null, id(ca, GOOD)), racing, PkiFixtures.NOW);
    assertEquals(0, responder.cachedResponses());
  }

  @Test
  void unknownIsNotCachedAndCacheCanBeOff() throws Exception {
    responder.respond(request(null, id(ca, UNKNOWN)), lookup, PkiFixtures.NOW);
    assertEquals(0, responder.cachedResponses());
    OcspResponder uncached = OcspResponder.create(ca, VALIDITY, REFRESH, 0);
    uncached.respond(request(null, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    uncached.respond(request(null, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    assertEquals(0, uncached.cachedResponses());
    assertEquals(3, lookups.get());
  }

  @Test
  void cacheIsBoundedAndEvicts() throws Exception {
    OcspResponder small = OcspResponder.create(ca, VALIDITY, REFRESH, 1);
    small.respond(request(null, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    small.respond(request(null, id(ca, REVOKED)), lookup, PkiFixtures.NOW);
    assertEquals(1, small.cachedResponses());
    small.evictExpired(PkiFixtures.NOW.plus(REFRESH).minusSeconds(1));
    assertEquals(1, small.cachedResponses());
    small.evictExpired(PkiFixtures.NOW.plus(REFRESH));
    assertEquals(0, small.cachedResponses());
  }

  @Test
  void sameSerialWithAnotherCertIdIsNotServedTheCachedOne() throws Exception {
    responder.respond(request(null, id(ca, GOOD)), lookup, PkiFixtures.NOW);
    CertificateID sha256 = id(ca, GOOD, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    SingleResp single = successful(responder.respond(request(null, sha256), lookup, PkiFixtures.NOW)).getResponses()[0];
    assertEquals(sha256, single.getCertID());
  }

  @Test
  void afterInvalidateReturnsNoThreadSeesTheOldStatus() throws Exception {
    AtomicReference<CertificateStatus> status = new AtomicReference<>(CertificateStatus.GOOD);
    StatusLookup changing = serial -> status.get();
    byte[] request = request(null, id(ca, GOOD));
    AtomicBoolean invalidated = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(pool.submit(() -> {
          int staleAfterInvalidate = 0;
          for (int i = 0; i < 300; i++) {
            boolean mustBeRevoked = invalidated.get();
            byte[] der = responder.respond(request, changing, PkiFixtures.NOW);
            if (mustBeRevoked && !(successful(der).getResponses()[0].getCertStatus() instanceof RevokedStatus)) {
              staleAfterInvalidate++;
            }
          }
          return staleAfterInvalidate;
        }));
      }
      Thread.sleep(20);
      status.set(CertificateStatus.revoked(PkiFixtures.NOW, RevocationReason.KEY_COMPROMISE));
      responder.invalidate(GOOD);
      invalidated.set(true);
      for (Future<Integer> worker : workers) {
        assertEquals(0, worker.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertInstanceOf(RevokedStatus.class,
        successful(responder.respond(request, changing, PkiFixtures.NOW)).getResponses()[0].getCertStatus());
  }

  @Test
  void errorResponsesHaveTheirStatus() throws Exception {
    assertEquals(OCSPResp.INTERNAL_ERROR, new OCSPResp(OcspResponder.internalErrorResponse()).getStatus());
    assertEquals(OCSPResp.TRY_LATER, new OCSPResp(OcspResponder.tryLaterResponse()).getStatus());
    assertNotEquals(0, OcspResponder.tryLaterResponse().length);
  }

  private static BasicOCSPResp successful(byte[] der) throws Exception {
    OCSPResp response = new OCSPResp(der);
    assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
    return (BasicOCSPResp) response.getResponseObject();
  }

  private static CertificateID id(CertificateAuthority issuer, BigInteger serial) throws Exception {
    return id(issuer, serial, CertificateID.HASH_SHA1);
  }

  private static CertificateID id(CertificateAuthority issuer, BigInteger serial, AlgorithmIdentifier hash) throws Exception {
    return new CertificateID(new BcDigestCalculatorProvider().get(hash),
        new X509CertificateHolder(issuer.certificate().toDer()), serial);
  }

  private static byte[] request(byte[] nonce, CertificateID... ids) throws Exception {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    for (CertificateID id : ids) {
      builder.addRequest(id);
    }
    if (nonce != null) {
      builder.setRequestExtensions(new Extensions(new Extension(
          OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())));
    }
    return builder.build().getEncoded();
  }
}
