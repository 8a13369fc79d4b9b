/// RFC 4180 fields of one CSV line (quoted fields may hold commas and doubled quotes; no multi-line fields, which
/// the NBA stats exports never contain).
enum CSVReader {
    static func fields(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var index = line.startIndex
        var atFieldStart = true
        while index < line.endIndex {
            let c = line[index]
            if quoted {
                if c == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        field.append("\"")
                        index = line.index(after: next)
                        continue
                    }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
                atFieldStart = true
                index = line.index(after: index)
                continue
            } else if c != "\r" {
                field.append(c)
            }
            atFieldStart = false
            index = line.index(after: index)
        }
        if quoted { return nil }
        fields.append(field)
        return fields
    }
}
