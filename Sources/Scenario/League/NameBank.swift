/// Plausible synthetic names; combinations are drawn by the seed and made unique across the league.
enum NameBank {
    static let first = [
        "Aaron", "Adrian", "Alec", "Andre", "Ben", "Brandon", "Caleb", "Cam", "Chris", "Cole", "Corey", "Dalen", "Damon",
        "Darius", "Dante", "De'Aaron", "Derrick", "Devin", "Dillon", "Donovan", "Dwayne", "Eli", "Elijah", "Evan", "Gabe",
        "Grant", "Isaiah", "Jalen", "Jamal", "Jared", "Jaylen", "Jerome", "Jonah", "Jordan", "Josh", "Julian", "Justin",
        "Kai", "Kelly", "Keon", "Kevin", "Khalil", "Kyle", "Lamar", "Landry", "Luka", "Malik", "Marcus", "Mason", "Max",
        "Micah", "Miles", "Nate", "Nico", "Noah", "Obi", "Omar", "Oscar", "Quentin", "Reggie", "Rui", "Ryan", "Sam",
        "Scottie", "Seth", "Shane", "Terrence", "Theo", "Tobias", "Trey", "Tyrese", "Victor", "Walker", "Xavier", "Zach",
    ]
    static let last = [
        "Adams", "Allen", "Anderson", "Bailey", "Barnes", "Bell", "Brooks", "Bryant", "Carter", "Clarke", "Coleman",
        "Collins", "Cooper", "Dawson", "Diallo", "Dixon", "Edwards", "Ellis", "Fields", "Fleming", "Ford", "Foster",
        "Garland", "Gibson", "Gordon", "Graham", "Grant", "Green", "Hall", "Harper", "Harris", "Hayes", "Henderson",
        "Holmes", "Hughes", "Jackson", "Jenkins", "Johnson", "Jones", "Kennedy", "King", "Lewis", "Lopez", "Marshall",
        "Martin", "Mitchell", "Moore", "Morgan", "Murray", "Nance", "Nelson", "Okafor", "Owens", "Parker", "Payne",
        "Porter", "Powell", "Reed", "Reid", "Richardson", "Robinson", "Ross", "Sanders", "Scott", "Simmons", "Stewart",
        "Sullivan", "Thompson", "Turner", "Walker", "Wallace", "Warren", "Watson", "White", "Williams", "Wright", "Young",
        "Dončić", "Jokić", "Šarić", "Valančiūnas", "Nurkić",
    ]
    static let suffixes = ["", "", "", "", "", "", "", "", "", "", "", "", " Jr.", " II", " III"]
}
