import Foundation
import Testing

@testable import MLVRemote

/// AWS's published Signature V4 examples for S3 ("Signature Calculations for the Authorization
/// Header", examplebucket, 2013-05-24) and the timestamp format.
@Suite struct SignatureV4Tests {
    let signer = SignatureV4(
        credentials: S3Credentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    let timestamp = "20130524T000000Z"

    @Test("GET object with a Range header matches AWS's example, step by step")
    func getObjectExample() {
        let request = SignatureV4.Request(
            method: "GET", path: "/test.txt",
            headers: [
                "Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9",
                "x-amz-content-sha256": SignatureV4.emptyPayloadHash, "x-amz-date": timestamp,
            ],
            payloadHash: SignatureV4.emptyPayloadHash)
        let canonical = signer.canonicalRequest(request)
        #expect(
            canonical == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            signer.stringToSign(canonicalRequest: canonical, timestamp: timestamp) == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        #expect(
            signer.authorization(for: request, timestamp: timestamp)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("signedHeaders adds the date, payload hash and Authorization for the same signature")
    func signedHeadersMatchExample() {
        let request = SignatureV4.Request(
            method: "GET", path: "/test.txt",
            headers: ["host": "examplebucket.s3.amazonaws.com", "range": "bytes=0-9"],
            payloadHash: SignatureV4.emptyPayloadHash)
        let headers = signer.signedHeaders(for: request, date: Date(timeIntervalSince1970: 1_369_353_600))
        #expect(headers["x-amz-date"] == timestamp)
        #expect(headers["x-amz-content-sha256"] == SignatureV4.emptyPayloadHash)
        #expect(headers["x-amz-security-token"] == nil)
        #expect(
            headers["Authorization"]?.hasSuffix("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
                == true)
    }

    @Test("a session token is sent and signed as x-amz-security-token")
    func sessionTokenIsSigned() {
        var withToken = signer
        withToken.credentials.sessionToken = "token/with+chars"
        let request = SignatureV4.Request(
            method: "GET", path: "/k", headers: ["host": "h"], payloadHash: SignatureV4.unsignedPayload)
        let headers = withToken.signedHeaders(for: request, date: Date(timeIntervalSince1970: 0))
        #expect(headers["x-amz-security-token"] == "token/with+chars")
        #expect(
            headers["Authorization"]?.contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") == true)
        #expect(headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD")
    }

    @Test("query parameters are encoded and sorted; paths keep slashes and encode the rest")
    func encoding() {
        #expect(SignatureV4.canonicalQuery([("prefix", "J"), ("max-keys", "2")]) == "max-keys=2&prefix=J")
        #expect(SignatureV4.canonicalQuery([("uploads", "")]) == "uploads=")
        #expect(SignatureV4.canonicalQuery([("continuation-token", "a/b+c=")]) == "continuation-token=a%2Fb%2Bc%3D")
        #expect(SignatureV4.encodePath("/test$file.text") == "/test%24file.text")
        #expect(SignatureV4.encodePath("/a b/é~") == "/a%20b/%C3%A9~")
    }

    @Test(
        "timestamps are UTC in YYYYMMDDTHHMMSSZ",
        arguments: [
            (0.0, "19700101T000000Z"), (1_369_353_600, "20130524T000000Z"), (951_782_400, "20000229T000000Z"),
            (4_102_444_799, "20991231T235959Z"),
        ])
    func timestamps(seconds: Double, expected: String) {
        #expect(SignatureV4.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
