package dev.gatehouse.policy.replicas;

import static dev.gatehouse.policy.replicas.PythonPackages.wheel;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inert replicas of obfuscated PyPI malware: encoded payloads handed to {@code exec}, names looked up
 * from pieces, PyArmor-protected modules, one-line packers; and minified but plain code that must pass.
 * Every payload decodes to harmless code ({@code print}, {@code id}).
 */
class PythonObfuscatedReplicasTest {
  private static final String INERT = "import os\nos.system('id')\n";
  @TempDir Path tmp;

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] zlib(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Nested
  @DisplayName("shape: decoded payload executed at import")
  class DecodedPayload {
    @Test
    void execOfZlibDecompressOfBase64() throws Exception {
      wheel(tmp, "colorsama", "colorsama/__init__.py", """
          import base64, zlib
          exec(zlib.decompress(base64.b64decode("%s")))
          """.formatted(b64(zlib(INERT)))).isStopped(Trigger.IMPORT_TIME, Capability.ENCODED_PAYLOAD,
          Capability.DYNAMIC_CODE).isBlocked();
    }

    @Test
    void reversedBase64InAVariableRunThroughAHelper() throws Exception {
      String reversed = new StringBuilder(b64(INERT.getBytes(StandardCharsets.UTF_8))).reverse().toString();
      wheel(tmp, "pyyaml-extra", "pyyaml_extra/__init__.py", """
          import base64 as b
          _d = "%s"
          def _go(s):
              exec(b.b64decode(s[::-1]).decode())
          _go(_d)
          """.formatted(reversed)).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE);
    }

    @Test
    void hexPayloadInASubmoduleRunByEval() throws Exception {
      wheel(tmp, "matplotlip", "matplotlip/__init__.py", "from . import _c\n", "matplotlip/_c.py", """
          eval(compile(bytes.fromhex("%s").decode(), "<c>", "exec"))
          """.formatted(HexFormat.of().formatHex(INERT.getBytes(StandardCharsets.UTF_8))))
          .isStopped(Trigger.IMPORT_TIME, Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE);
    }

    @Test
    void fernetDecryptedPayloadAsThe2023DroppersDid() throws Exception {
      wheel(tmp, "pyrequests", "pyrequests/__init__.py", """
          from cryptography.fernet import Fernet
          exec(Fernet(b'aW5lcnQta2V5LWZvci10ZXN0cy1vbmx5LTAwMDAwMDA=').decrypt(b'gAAAAABinert'))
          """).isStopped(Trigger.IMPORT_TIME, Capability.ENCODED_PAYLOAD, Capability.DYNAMIC_CODE).isBlocked();
    }

    @Test
    void marshalLoadsOfDecompressedBytes() throws Exception {
      wheel(tmp, "cryptographyy", "cryptographyy/__init__.py", """
          import marshal, zlib, base64
          exec(marshal.loads(zlib.decompress(base64.b85decode("%s"))))
          """.formatted("c$@0s0ssI3Bme9zP1L2V")).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE,
          Capability.ENCODED_PAYLOAD);
    }
  }

  @Nested
  @DisplayName("shape: names looked up from pieces")
  class HiddenNames {
    @Test
    void getattrOfImportWithSplitStrings() throws Exception {
      wheel(tmp, "fernet-utils", "fernet_utils/__init__.py", """
          getattr(__import__("o" + "s"), "sys" + "tem")("id")
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.OBFUSCATION);
    }

    @Test
    void importOfAModuleNameJoinedFromCharacterCodes() throws Exception {
      wheel(tmp, "httpx-client", "httpx_client/__init__.py", """
          m = __import__("".join(map(chr, [115, 117, 98, 112, 114, 111, 99, 101, 115, 115])))
          m.run(["id"])
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.OBFUSCATION);
    }

    @Test
    void importlibImportModuleWithAConstantBuiltFromPiecesInAHelper() throws Exception {
      wheel(tmp, "sqlalchemy-utils2", "sqlalchemy_utils2/__init__.py", """
          import importlib
          _name = "sub" + "process"
          _fn = "Po" + "pen"
          def _start():
              getattr(importlib.import_module(_name), _fn)(["id"])
          _start()
          """).isStopped(Trigger.IMPORT_TIME, Capability.PROCESS_SPAWN, Capability.OBFUSCATION);
    }
  }

  @Nested
  @DisplayName("shape: PyArmor-protected module")
  class PyArmor {
    private final String blob = "PY000000\\x00\\x03\\x0b\\x00\\xa7\\r\\r\\n\\x80\\x00\\x01\\x00\\x08";

    @Test
    void pyarmor8RuntimeInInit() throws Exception {
      wheel(tmp, "solana-keys", "solana_keys/__init__.py", """
          # Pyarmor 8.5.0 (trial), 000000, 2026-01-01T00:00:00.000000
          from .pyarmor_runtime_000000 import __pyarmor__
          __pyarmor__(__name__, __file__, b'%s')
          """.formatted(blob), "solana_keys/pyarmor_runtime_000000/__init__.py", "")
          .isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION);
    }

    @Test
    void oldPytransformRuntime() throws Exception {
      wheel(tmp, "web3-tools", "web3_tools/__init__.py", """
          from pytransform import pyarmor_runtime
          pyarmor_runtime()
          __pyarmor__(__name__, __file__, b'%s')
          """.formatted(blob)).isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION);
    }

    @Test
    void protectedSubmoduleImportedByInit() throws Exception {
      wheel(tmp, "eth-wallet", "eth_wallet/__init__.py", "from .core import *\n", "eth_wallet/core.py", """
          from pyarmor_runtime_004321 import __pyarmor__
          __pyarmor__(__name__, __file__, b'%s')
          """.formatted(blob)).isStopped(Trigger.IMPORT_TIME, Capability.OBFUSCATION);
    }
  }

  @Nested
  @DisplayName("shape: one-line packer (lambda, _=, high-entropy literal)")
  class Packer {
    private String noise(int n) {
      Random random = new Random(7);
      byte[] bytes = new byte[n];
      random.nextBytes(bytes);
      return b64(bytes);
    }

    @Test
    void underscoreLambdaReversingAndDecompressing() throws Exception {
      wheel(tmp, "pycryptodomee", "pycryptodomee/__init__.py",
          "_ = lambda __ : __import__('zlib').decompress(__import__('base64').b64decode(__[::-1]));exec((_)(b'"
              + noise(600) + "'))\n").isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
    }

    @Test
    void immediatelyCalledLambdaOnALongLine() throws Exception {
      wheel(tmp, "termcolour", "termcolour/__init__.py",
          "(lambda d: exec(__import__('base64').b64decode(d)))('" + noise(900) + "')\n")
          .isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
    }

    @Test
    void highEntropyLiteralDecryptedByAnOwnFunctionThenRun() throws Exception {
      wheel(tmp, "keyring-ext", "keyring_ext/__init__.py", """
          _k = 23
          def _x(s):
              return "".join(chr(ord(c) ^ _k) for c in s)
          _p = "%s"
          exec(_x(_p))
          """.formatted(noise(400))).isStopped(Trigger.IMPORT_TIME, Capability.DYNAMIC_CODE, Capability.OBFUSCATION);
    }
  }

  @Nested
  @DisplayName("benign twin: minified but plain code")
  class Benign {
    @Test
    void minifiedModuleWithShortNamesAndOneLongLine() throws Exception {
      StringBuilder line = new StringBuilder("T={");
      for (int i = 0; i < 300; i++) {
        line.append("'k").append(i).append("':").append(i).append(',');
      }
      line.append("}\n");
      wheel(tmp, "minified", "minified/__init__.py",
          "import os as o,sys as s\ndef a(b,c=1):return b+c\ndef d(e):return [a(f) for f in e]\n" + line)
          .isAllowed();
    }

    @Test
    void embeddedDataTableAsBase64DecodedButNeverRun() throws Exception {
      wheel(tmp, "fonttables", "fonttables/__init__.py", """
          import base64, zlib
          _TABLE = zlib.decompress(base64.b64decode("%s"))
          def glyph(i):
              return _TABLE[i]
          """.formatted(b64(zlib("abcdefghij".repeat(50))))).isAllowed();
    }
  }
}
