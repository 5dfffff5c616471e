package org.carechain.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.carechain.cli.ledger.ConsortiumSetup;
import org.carechain.crypto.escrow.EscrowCipher;
import org.carechain.crypto.escrow.EscrowKeyShare;
import org.carechain.crypto.escrow.EscrowVerificationKeys;
import org.carechain.crypto.escrow.ThresholdEscrow;
import org.carechain.crypto.pki.CaCertificate;
import org.carechain.ledger.core.chain.Channel;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.ledger.core.proposer.ProposerPolicyKind;
import org.carechain.proto.certificate.v1.ConsortiumGenesis;
import org.carechain.proto.certificate.v1.TracingOfficer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local consortium's genesis files and PKI material, made once and kept; no processes. */
class LocalConsortiumTest {

    @TempDir
    Path dir;

    @Test
    void theCbcGenesisFixesTheCaRootTheEscrowKeyAndTwoOfThreeOfficers() throws Exception {
        LocalConsortium consortium = LocalConsortium.ensure(dir);
        assertTrue(consortium.created());
        assertFalse(consortium.replaced());
        LocalPki pki = consortium.pki();
        assertTrue(pki.complete());

        Genesis cbc = genesis(consortium, Channel.CBC);
        ConsortiumGenesis trust = ConsortiumGenesis.parseFrom(
                cbc.appState(LocalPki.CONSORTIUM_GENESIS_TYPE_URL).orElseThrow().value());
        CaCertificate root = CaCertificate.parsePem(pki.caCertificatePem());
        assertEquals(1, trust.getTrustRootsCount());
        assertArrayEquals(root.toDer(), trust.getTrustRoots(0).toByteArray());
        assertTrue(root.subject().contains("CN=" + LocalPki.CA_NAME), root.subject());
        assertEquals(ConsortiumSetup.readKey(pki.caKeyFile()).publicKey(), root.publicKey());
        assertEquals(pki.escrowPublicKeyHex(), HexFormat.of().formatHex(trust.getEscrowPublicKey().toByteArray()));

        EscrowVerificationKeys keys = EscrowVerificationKeys.parse(trust.getEscrowVerificationKeys().toByteArray());
        assertEquals(2, keys.threshold());
        assertEquals(3, keys.officerCount());
        assertArrayEquals(trust.getEscrowPublicKey().toByteArray(), keys.escrowKey().toByteArray());
        assertEquals(2, trust.getTracing().getThreshold());
        assertEquals(LocalPki.OFFICERS,
                trust.getTracing().getOfficersList().stream().map(TracingOfficer::getOfficerId).toList());
        for (TracingOfficer officer : trust.getTracing().getOfficersList()) {
            EscrowKeyShare share = share(pki, officer.getOfficerId());
            assertEquals(officer.getShareIndex(), share.index());
            ThresholdEscrow.checkShare(share, keys);
            assertArrayEquals(ConsortiumSetup.readKey(pki.officerSigningKeyFile(officer.getOfficerId())).publicKey()
                    .toByteArray(), officer.getSigningKey().toByteArray());
        }

        // Two officers' shares open a link tag sealed to the genesis escrow key; one alone does not.
        byte[] rid = new byte[16];
        new SecureRandom().nextBytes(rid);
        byte[] tag = EscrowCipher.linkTag(keys.escrowKey(), rid, new SecureRandom());
        byte[] enc = EscrowCipher.encapsulatedKey(tag);
        assertArrayEquals(rid, ThresholdEscrow.openLinkTag(List.of(ThresholdEscrow.partial(share(pki, "officer1"), enc),
                ThresholdEscrow.partial(share(pki, "officer3"), enc)), keys, tag));
        assertThrows(GeneralSecurityException.class, () -> ThresholdEscrow.openLinkTag(
                List.of(ThresholdEscrow.partial(share(pki, "officer2"), enc)), keys, tag));

        // Each service's submitter may submit to its own channel only; the other channels are as before.
        assertTrue(members(cbc).contains(LocalConsortium.CERTIFICATE_SUBMITTER));
        assertFalse(members(cbc).contains(LocalConsortium.REGISTRATION_SUBMITTER));
        Genesis rbc = genesis(consortium, Channel.RBC);
        assertTrue(members(rbc).contains(LocalConsortium.REGISTRATION_SUBMITTER));
        assertFalse(members(rbc).contains(LocalConsortium.CERTIFICATE_SUBMITTER));
        assertEquals(ConsortiumSetup.readKey(consortium.keyFile(LocalConsortium.REGISTRATION_SUBMITTER)).publicKey(),
                rbc.submitters().stream().filter(m -> m.id().equals(LocalConsortium.REGISTRATION_SUBMITTER))
                        .findFirst().orElseThrow().publicKey());
        for (Channel channel : List.of(Channel.EHR, Channel.SEARCH)) {
            Genesis genesis = genesis(consortium, channel);
            assertFalse(members(genesis).contains(LocalConsortium.REGISTRATION_SUBMITTER));
            assertFalse(members(genesis).contains(LocalConsortium.CERTIFICATE_SUBMITTER));
        }
        assertEquals(List.of(), genesis(consortium, Channel.EHR).appState());
        // The search genesis pins the local owner's key, which is also its submitter there.
        Genesis search = genesis(consortium, Channel.SEARCH);
        String owner = LocalSearch.ownerSubmitter(LocalSearch.OWNER);
        assertTrue(members(search).contains(owner));
        assertFalse(members(genesis(consortium, Channel.EHR)).contains(owner));
        org.carechain.proto.search.v1.SearchConsortium pinned = org.carechain.proto.search.v1.SearchConsortium.parseFrom(
                search.appState(LocalSearch.CONSORTIUM_TYPE_URL).orElseThrow().value());
        assertEquals(LocalSearch.OWNER, pinned.getOwners(0).getOwner());
        assertArrayEquals(ConsortiumSetup.readKey(consortium.search().ownerKeyFile()).publicKey().toByteArray(),
                pinned.getOwners(0).getPublicKey().toByteArray());
        assertTrue(rbc.appState().isEmpty());
    }

    @Test
    void aSecondStartKeepsEverything() throws Exception {
        LocalConsortium.ensure(dir);
        String root = Files.readString(new LocalConsortium(dir).pki().caCertificateFile());
        String cbc = Files.readString(dir.resolve("genesis/cbc.json"));
        LocalConsortium again = LocalConsortium.ensure(dir);
        assertFalse(again.created());
        assertEquals(root, Files.readString(again.pki().caCertificateFile()));
        assertEquals(cbc, Files.readString(dir.resolve("genesis/cbc.json")));
    }

    @Test
    void aConsortiumOfAnOlderVersionWithoutPkiIsMadeAnew() throws Exception {
        List<String> validators = List.of("hospital1", "hospital2", "hospital3", "hospital4");
        ConsortiumSetup.create(dir, new ConsortiumSetup.Plan(LocalConsortium.CHAIN_ID, List.of(Channel.values()),
                validators, List.of(LocalConsortium.DEMO_SUBMITTER, "capture-hospital1", "capture-hospital2",
                        "capture-hospital3"), ProposerPolicyKind.LEAST_SIGNIFICANCE, 1_000_000_000L,
                Genesis.Timeouts.DEFAULT), Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
        String old = Files.readString(dir.resolve("genesis/ehr.json"));

        LocalConsortium made = LocalConsortium.ensure(dir);
        assertTrue(made.created());
        assertTrue(made.replaced());
        assertTrue(made.pki().complete());
        assertNotEquals(old, Files.readString(dir.resolve("genesis/ehr.json")), "the chains start anew");
        assertTrue(genesis(made, Channel.CBC).appState(LocalPki.CONSORTIUM_GENESIS_TYPE_URL).isPresent());
    }

    @Test
    void aConsortiumWhosePkiWasLostIsMadeAnewWithAFreshCa() throws Exception {
        LocalConsortium first = LocalConsortium.ensure(dir);
        String root = Files.readString(first.pki().caCertificateFile());
        Files.delete(first.pki().officerShareFile("officer2"));

        LocalConsortium made = LocalConsortium.ensure(dir);
        assertTrue(made.created());
        assertTrue(made.replaced());
        assertNotEquals(root, Files.readString(made.pki().caCertificateFile()));
    }

    @Test
    void theJwksHoldsTheDevelopmentKeyAndTheTokenKeyWithTheirKeyIds() throws Exception {
        LocalConsortium consortium = LocalConsortium.ensure(dir);
        DevTokenIssuer issuer = DevTokenIssuer.loadOrCreate(dir.resolve("jwt"), ClusterConfig.DEFAULT_ISSUER);
        var token = consortium.pki().tokenPublicJwk();
        assertEquals("EC", token.getKeyType());
        assertEquals("ES256", token.getAlgorithm());
        assertEquals(token.calculateBase64urlEncodedThumbprint("SHA-256"), token.getKeyId());
        // A development token names its key, so a JWKS with several keys finds it.
        String jwt = issuer.mint("someone", List.of("admin"), java.time.Duration.ofMinutes(1));
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setCompactSerialization(jwt);
        assertEquals(issuer.publicJwk().getKeyId(), jws.getKeyIdHeaderValue());
        assertNotEquals(token.getKeyId(), issuer.publicJwk().getKeyId());
    }

    private static EscrowKeyShare share(LocalPki pki, String officer) throws Exception {
        return EscrowKeyShare.parse(HexFormat.of().parseHex(Files.readString(pki.officerShareFile(officer)).strip()));
    }

    private static Genesis genesis(LocalConsortium consortium, Channel channel) throws Exception {
        return GenesisJson.parse(Files.readString(consortium.genesisDir().resolve(channel.id() + ".json")));
    }

    private static List<String> members(Genesis genesis) {
        return genesis.submitters().stream().map(Genesis.Member::id).toList();
    }
}
