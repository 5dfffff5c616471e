package org.carechain.cli.verify;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.carechain.ledger.core.genesis.Genesis;
import org.carechain.ledger.core.genesis.GenesisJson;
import org.carechain.proto.ledger.v1.GetTransactionResponse;

/**
 * The files the verify commands read and write. A saved response is the {@code GetTransaction}
 * response in protobuf's canonical JSON (bytes as base64, 64-bit numbers as strings). Failures are
 * {@link IllegalArgumentException}s naming the file, which the command line reports as usage errors.
 */
public final class VerifyFiles {

    private VerifyFiles() {}

    public static Genesis genesis(Path file) {
        try {
            return GenesisJson.parse(read(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid genesis: " + e.getMessage());
        }
    }

    static GetTransactionResponse savedResponse(Path file) {
        GetTransactionResponse.Builder response = GetTransactionResponse.newBuilder();
        try {
            JsonFormat.parser().merge(read(file), response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + " is not a saved GetTransaction response (protobuf JSON)");
        }
        return response.build();
    }

    static void saveResponse(Path file, GetTransactionResponse response) {
        try {
            Files.writeString(file, JsonFormat.printer().print(response) + "\n");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file);
        }
    }
}
