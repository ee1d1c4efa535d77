import Testing
@testable import VenvCore

/// PET's framing, globs and kind names, without a process. The server
/// against a client, real layouts and the command line: Tests/suites/59-editor.sh.
@Suite struct EditorTests {
    /// A reader over `input`, handed out `chunk` bytes at a time.
    func reader(_ input: String, chunk: Int = 7) -> PetFrameReader {
        final class Source { var bytes: [UInt8]; init(_ bytes: [UInt8]) { self.bytes = bytes } }
        let source = Source(Array(input.utf8))
        return PetFrameReader { buffer, offset in
            let count = min(chunk, source.bytes.count, buffer.count - offset)
            buffer.replaceSubrange(offset..<(offset + count), with: source.bytes.prefix(count))
            source.bytes.removeFirst(count)
            return count
        }
    }

    func frames(_ input: String, chunk: Int = 7) -> [PetFrameReader.Frame] {
        var reader = reader(input, chunk: chunk)
        var out: [PetFrameReader.Frame] = []
        while true {
            let frame = reader.next()
            out.append(frame)
            if frame == .end { return out }
        }
    }

    @Test(arguments: [1, 7, 4096])
    func framesAsPetAndVSCodeWriteThem(chunk: Int) {
        let input = "Content-Length: 2\r\n\r\n{}" +
            "Content-Length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull" +
            "content-type: x\r\ncontent-length:  1 \r\n\r\n1" + "\r\n" + "Content-Length: 0\r\n\r\n"
        #expect(frames(input, chunk: chunk) == [
            .message(Array("{}".utf8), strayBytes: false), .message(Array("null".utf8), strayBytes: false),
            .message(Array("1".utf8), strayBytes: false), .message([], strayBytes: false), .end,
        ])
    }

    @Test func malformedFramesAreSaidAndPassedOver() {
        #expect(frames("{\"id\": 1}\r\n\r\nContent-Length: 2\r\n\r\n[]") == [
            .malformed("a message without a Content-Length header"), .message(Array("[]".utf8), strayBytes: false), .end,
        ])
        #expect(frames("Content-Length: many\r\n\r\n") == [.malformed("Content-Length is not a number"), .end])
        // Bytes left by a wrong length, then the next frame's header on the same line.
        #expect(frames("xyzContent-Length: 2\r\n\r\n{}") == [.message(Array("{}".utf8), strayBytes: true), .end])
        #expect(frames("Content-Length: 10\r\n\r\n{\"a\"") == [.end])
        #expect(frames("Content-Length: 99999999999999\r\n\r\n") == [.malformed("Content-Length is not a number"), .end])
    }

    @Test func aBodyTooLargeIsDroppedNotKept() {
        let size = PetFrameReader.maximumBody + 1
        var reader = reader("Content-Length: \(size)\r\n\r\n" + String(repeating: " ", count: size)
                            + "Content-Length: 2\r\n\r\n{}", chunk: 1 << 16)
        #expect(reader.next() == .tooLarge(size))
        #expect(reader.next() == .message(Array("{}".utf8), strayBytes: false))
    }

    @Test(arguments: [
        ("*", ".venv", true), ("w?", "ws", true), ("w?", "ws2", false), ("[a-c]x", "bx", true),
        ("[!a-c]x", "bx", false), ("*.cfg", "pyvenv.cfg", true), ("py*venv", "pyvenv", true), ("[", "[", true),
        ("env[0-9][0-9]", "env42", true), ("env[0-9]", "envx", false),
    ])
    func globNamesAsFnmatch(pattern: String, name: String, expected: Bool) {
        #expect(PetGlob.matches(Array(pattern.unicodeScalars)[...], Array(name.unicodeScalars)[...]) == expected)
    }

    @Test func kindsByPetsNameOrItsCommandLines() {
        #expect(PetKind(named: "PyenvVirtualEnv") == .pyenvVirtualEnv)
        #expect(PetKind(named: "pyenv-virtual-env") == .pyenvVirtualEnv)
        #expect(PetKind(named: "venv") == .venv)
        #expect(PetKind(named: "UvWorkspace") == .uvWorkspace)
        #expect(PetKind(named: "pipx") == nil)
        #expect(PetKind.allCases.count == 21)
    }
}
