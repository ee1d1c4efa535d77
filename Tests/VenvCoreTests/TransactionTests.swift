import Testing
import SystemPackage
@testable import VenvCore

/// The one transaction of create, copy, move and remove (issue 22, item 3):
/// its journal format, the journals of 0.4.0 it still reads, its names, its
/// recovery and rollback, the one atomic writer. No process is started.
@Suite struct TransactionTests {
    @Test func journalsReadBackAsWritten() throws {
        let s = Scratch()
        let placed = [Journal.Placed(name: "my env", identity: FS.Identity(device: 66, inode: 7)),
                      Journal.Placed(name: "pyvenv.cfg", identity: FS.Identity(device: 66, inode: 8))]
        try FS.replaceFile(s("create"), Journal(.create, to: s("my env"), placed: placed).bytes)
        let create = try Journal.read(s("create"))
        #expect(create.operation == .create && create.to == s("my env") && create.placed == placed)
        try FS.replaceFile(s("move"), Journal(move: s("a"), to: s("b"), phase: .rewrite, files: ["bin/x y"]).bytes)
        let move = try Journal.read(s("move"))
        #expect(move.operation == .move && move.from == s("a") && move.to == s("b"))
        #expect(move.phase == .rewrite && move.files == ["bin/x y"] && move.placed.isEmpty)
    }

    /// A move journal is written as swift-venv 0.4.0 wrote it, so 0.4.0's is
    /// read as one of today's.
    @Test func aMoveJournalHas040sForm() throws {
        let journal = Journal(move: "/s/env", to: "/d/env", phase: .removeSource, files: ["bin/tool"])
        #expect(String(decoding: journal.bytes, as: UTF8.self)
                == "swift-venv move\nfrom=/s/env\nto=/d/env\nphase=remove-source\nfile=bin/tool\n")
    }

    /// 0.4.0's creation journal: `NAME<TAB>DEV<TAB>INO` lines, no first line.
    @Test func a040CreationJournalIsRead() throws {
        let s = Scratch()
        try FS.writeFile(s(".placing"), "bin\t1\t2\npyvenv.cfg\t1\t3\n")
        let journal = try Journal.read(s(".placing"))
        #expect(journal.operation == .create)
        #expect(journal.placed.map(\.name) == ["bin", "pyvenv.cfg"])
        #expect(journal.placed.last?.identity == FS.Identity(device: 1, inode: 3))
    }

    @Test func anUnknownJournalIsRefused() throws {
        let s = Scratch()
        try FS.writeFile(s("j"), "swift-venv teleport\nto=/x\n")
        #expect(throws: VenvError.self) { try Journal.read(s("j")) }
    }

    /// One temporary-name scheme: `.NAME.swift-venv-ROLE` beside, or
    /// `.swift-venv-ROLE` inside; `venv` and `.venv` never share one.
    @Test func oneTemporaryNameScheme() {
        #expect(FS.hidden(.staging, beside: "/a/env") == "/a/.env.swift-venv-staging")
        #expect(FS.hidden(.journal, beside: "/a/.venv") == "/a/..venv.swift-venv-journal")
        #expect(FS.hidden(.writing, beside: "/a/.env.swift-venv-journal") == "/a/..env.swift-venv-journal.swift-venv-writing")
        #expect(FS.hidden(.journal, inside: "/a/env") == "/a/env/.swift-venv-journal")
        let unique = FS.hidden(.writing, beside: "/a/f", unique: true).string
        #expect(unique.hasPrefix("/a/.f.swift-venv-writing-") && unique != FS.hidden(.writing, beside: "/a/f", unique: true).string)
        #expect(Transaction.staging(beside: "/a/env") == "/a/.env.swift-venv-staging")
    }

    /// A creation killed after placing (0.4.0's journal name and form
    /// included) is undone by the next transaction on the same target:
    /// what the journal names and still is the one placed goes; a namesake
    /// with another identity, and a move's journal, stay.
    @Test(arguments: [".env.swift-venv-journal", ".env.swift-venv-placing"])
    func recoveryTakesBackAKilledCreation(journalName: String) throws {
        let s = Scratch()
        try FS.makeDirectory(s("env"))
        try FS.writeFile(s("env/pyvenv.cfg"), "home = /usr/bin\n")
        try FS.writeFile(s("kept"), "the user's\n")
        let env = FS.identity(s("env"))!, kept = FS.identity(s("kept"))!
        let text = journalName.hasSuffix("placing")
            ? "env\t\(env.device)\t\(env.inode)\n"
            : String(decoding: Journal(.create, to: s("env"), placed: [
                Journal.Placed(name: "env", identity: env),
                Journal.Placed(name: "kept", identity: FS.Identity(device: kept.device, inode: kept.inode + 1)),
            ]).bytes, as: UTF8.self)
        try FS.writeFile(s(journalName), text)
        try FS.makeDirectory(s(".env.swift-venv-staging"))
        try Transaction.run(s("env")) { (_) throws(VenvError) in }
        #expect(try FS.contents(of: s.path) == ["kept"])
    }

    @Test func recoveryLeavesAMovesJournal() throws {
        let s = Scratch()
        try FS.makeDirectory(s("env"))
        try FS.replaceFile(s(".env.swift-venv-journal"),
                           Journal(move: s("old"), to: s("env"), phase: .rewrite, files: []).bytes, mode: 0o600)
        try Transaction.run(s("env")) { (_) throws(VenvError) in }
        #expect(Set(try FS.contents(of: s.path)) == ["env", ".env.swift-venv-journal"])
        #expect(Relocation.unfinishedMove(at: s("env"))?.remedy?.contains("swift-venv move") == true)
    }

    /// The one rollback: what was placed goes, with the parents made for it
    /// and the staging; past the point of no return, the journal stays.
    @Test func rollBackTakesBackWhatWasPlaced() throws {
        let s = Scratch()
        #expect(throws: VenvError.self) {
            try Transaction.run(s("made/deeper/env")) { (t) throws(VenvError) in
                try t.stage()
                try FS.writeFile(t.staging!.appending("pyvenv.cfg"), "home = /usr/bin\n")
                try t.placeStaging(journalled: true)
                #expect(FS.kind(s("made/deeper/.env.swift-venv-journal")) == .file)
                throw VenvError(.failed, nil, "a later step failed")
            }
        }
        #expect(try FS.contents(of: s.path).isEmpty)
        #expect(throws: VenvError.self) {
            try Transaction.run(s("env")) { (t) throws(VenvError) in
                try FS.makeDirectory(s("env"))
                try t.write(Journal(move: s("old"), to: s("env"), phase: .rewrite, files: []))
                t.rollForward()
                throw VenvError(.failed, nil, "a rewrite failed")
            }
        }
        #expect(Set(try FS.contents(of: s.path)) == ["env", ".env.swift-venv-journal"])
    }

    /// The one atomic writer: a transaction's writer removes the temporary a
    /// killed one left and keeps the replaced file's mode.
    @Test func theAtomicWriterKeepsTheModeAndRemovesALeftover() throws {
        let s = Scratch()
        try FS.writeFile(s("script"), "old\n", mode: 0o750)
        try FS.setMode(s("script"), 0o750)
        try FS.writeFile(s(".script.swift-venv-writing"), "half")
        try FS.replaceFile(s("script"), Array("new\n".utf8), keepingMode: true, unique: false)
        #expect(try FS.contents(of: s.path) == ["script"])
        #expect(try FS.readFile(s("script")) == Array("new\n".utf8))
        #expect(FS.status(s("script"))!.st_mode & 0o7777 == 0o750)
    }
}
