import Foundation
import MLVObjects
import MLVStorage

public struct TagInfo: Sendable, Equatable {
    public var name: RefName
    /// The ref's value: an annotated tag object, or a commit for a lightweight tag.
    public var id: ObjectID
    public var commit: ObjectID
}

extension Repository {
    public func tags() throws -> [TagInfo] {
        try refs.list(prefix: RefName.tagsPrefix).map { TagInfo(name: $0.name, id: $0.id, commit: try peel($0.id)) }
    }

    /// Creates a lightweight tag, or an annotated one when `message` is given.
    public func createTag(_ name: String, target: String?, message: String?, force: Bool, identity: Identity) throws
        -> ObjectID
    {
        guard let ref = RefName.tag(name) else {
            throw RepositoryError(.invalidRefName, "'\(name)' is not a valid tag name")
        }
        if !force, try refs.read(ref) != nil {
            throw RepositoryError(.refConflict, "tag '\(name)' already exists")
        }
        let commitID = try resolveCommit(target ?? "HEAD")
        let who = try identity.signature(for: self)
        var id = commitID
        if let message {
            let tag = Tag(
                object: commitID, objectKind: .commit, name: name, tagger: who,
                message: message.hasSuffix("\n") ? message : message + "\n")
            let writer = try objects.makeWriter()
            id = try writer.put(tag.encoded(), kind: .tag)
            try writer.commit()
        }
        try refs.update(
            ref, to: id, expecting: force ? .any : .absent, log: ReflogEntryContext(who: who, message: "tag: \(name)"))
        return id
    }

    public func deleteTag(_ name: String) throws -> ObjectID {
        guard let ref = RefName.tag(name), case .direct(let id)? = try refs.read(ref) else {
            throw RepositoryError(.unknownRevision, "tag '\(name)' not found")
        }
        try refs.delete(ref, expecting: .value(id))
        return id
    }
}
