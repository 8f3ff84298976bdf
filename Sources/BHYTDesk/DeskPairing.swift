import BHYTCard
import BHYTVerifier

/// A card and a citizen ID (CCCD) scanned one after the other at a desk, in either order
/// within ``FrontDesk/pairingWindow`` seconds, are one check-in: the card verified with the ID
/// compared (``Verifier/verify(_:id:)``). `bhyt scan` keeps one; the desk page does the same
/// in the browser.
package struct DeskPairing: Sendable {
    private var card: (text: String, at: Int64)?
    private var id: (text: String, at: Int64)?

    package init() {}

    /// The verdict for one scan, and the card text it is about (the text to record the
    /// check-in by: a citizen ID completing a card is recorded as that card).
    package mutating func verify(_ text: String, at time: Int64, with verifier: Verifier) -> (cardText: String, verdict: Verdict) {
        func recent(_ at: Int64) -> Bool { time >= at && time - at < FrontDesk.pairingWindow }
        if CardTextKind.of(text) == .citizenID {
            // An ID that does not read (no identity compared) is answered on its own ("scan the
            // ID again"): the card waits for the next one.
            if let card, recent(card.at) {
                let paired = verifier.verify(card.text, id: text)
                if paired.identity != nil {
                    self.card = nil
                    return (card.text, paired)
                }
            }
            let verdict = verifier.verify(text)
            id = verdict.person != nil ? (text, time) : nil
            return (text, verdict)
        }
        let pending = id.flatMap { recent($0.at) ? $0.text : nil }
        let verdict = verifier.verify(text, id: pending)
        if verdict.card != nil {
            id = nil
            card = pending == nil ? (text, time) : nil
        }
        return (text, verdict)
    }
}
