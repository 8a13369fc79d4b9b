import Foundation
import SourceFormats

/// Basketball-Reference roster pages (HTML, `data-stat` cells) and BigDataBall's Drive folder (list, then download),
/// whose files appear six hours after the final buzzer.
extension ScenarioFeed {
    static let bigDataBallLag: Double = 6 * 3600

    func basketballReference(rest: [String]) -> FeedResponse {
        guard rest.count == 3, rest[0] == "teams",
              let team = Teams.all.first(where: { $0.basketballReferenceCode == rest[1] }),
              rest[2] == "\(league.seasonStartYear + 1).html"
        else { return .text("<html><body><h1>Page Not Found (404 error)</h1></body></html>", status: 404, contentType: "text/html") }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        var html = "<!DOCTYPE html><html><head><title>\(league.seasonStartYear)-\(String(league.seasonStartYear + 1).suffix(2)) "
        html += "\(BasketballReference.escape(team.fullName)) Roster</title></head><body>\n"
        html += "<table id=\"roster\" class=\"sortable stats_table\"><thead><tr><th>No.</th><th>Player</th><th>Pos</th>"
        html += "<th>Ht</th><th>Wt</th><th>Birth Date</th><th></th><th>Exp</th><th>College</th></tr></thead>\n<tbody>\n"
        for player in league.roster(team.tricode) {
            let slug = player.brSlug
            let born = "\(months[player.birthDate.month - 1]) \(player.birthDate.day), \(player.birthDate.year)"
            html += "<tr><th scope=\"row\" data-stat=\"number\">\(player.jersey)</th>"
            html += "<td data-stat=\"player\" csk=\"\(BasketballReference.escape(player.lastName)),\(BasketballReference.escape(player.firstName))\">"
            html += "<a href=\"/players/\(slug.prefix(1))/\(slug).html\">\(BasketballReference.escape(player.fullName))</a></td>"
            html += "<td data-stat=\"pos\">\(player.position)</td><td data-stat=\"height\">\(player.height)</td>"
            html += "<td data-stat=\"weight\">\(player.weight)</td><td data-stat=\"birth_date\">\(born)</td>"
            html += "<td data-stat=\"birth_country\">us</td>"
            html += "<td data-stat=\"years_experience\">\(player.slot % 4 == 3 ? "R" : String(player.slot % 9 + 1))</td>"
            html += "<td data-stat=\"college\"></td></tr>\n"
        }
        html += "</tbody></table></body></html>\n"
        return .text(html, contentType: "text/html; charset=utf-8")
    }

    func bigDataBall(_ request: FeedRequest, rest: [String], now: Date) -> FeedResponse {
        guard rest.count >= 3, rest[0] == "drive", rest[1] == "v3", rest[2] == "files" else { return notFound(request.path) }
        if rest.count == 3 {
            let query = request.value("q") ?? ""
            let day = query.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression).flatMap { Day(String(query[$0])) }
            let games = day.map(league.games(on:)) ?? []
            let files = games.filter { available($0, source: "bigdataball", path: request.path, now: now,
                                                 lag: ScenarioFeed.bigDataBallLag) }
                .map { ["id": $0.nbaGameID, "name": BigDataBall.fileName(date: $0.date.description, nbaGameID: $0.nbaGameID,
                                                                           away: $0.away, home: $0.home),
                        "mimeType": "text/csv"] }
            return .json(["files": files])
        }
        guard let game = league.game(nbaID: rest[3]),
              available(game, source: "bigdataball", path: request.path, now: now, lag: ScenarioFeed.bigDataBallLag)
        else { return .json(["error": ["code": 404, "message": "File not found: \(rest[3])"]] as [String: [String: AnyEncodable]], status: 404) }
        return FeedResponse(status: 200, headers: ["Content-Type": "text/csv"], body: Data(league.playByPlayCSV(game)))
    }
}

/// Lets a heterogeneous error body be encoded without a type per shape.
struct AnyEncodable: Encodable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    let value: String?
    let number: Int?
    init(integerLiteral value: Int) { number = value; self.value = nil }
    init(stringLiteral value: String) { self.value = value; number = nil }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let number { try c.encode(number) } else { try c.encode(value ?? "") }
    }
}
