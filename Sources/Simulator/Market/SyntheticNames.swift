/// Plausible Korean company names for synthetic listings: an invented stem plus a sector word.
enum SyntheticNames {
    static let stems = [
        "가온", "나래", "다온", "라온", "마루", "바른", "새론", "아라", "온누리", "한빛", "푸른", "누리", "미르",
        "세움", "하람", "도담", "별빛", "해솔", "초록", "이룸", "다솜", "한결", "늘봄", "여명", "동방", "서진",
        "남광", "북성", "중앙", "대흥", "진성", "광명", "태성", "영진", "보성", "경원", "승일", "청운", "금강",
        "세진", "대원", "유니", "우진", "신성", "동진", "성원", "일진", "한일", "에이", "케이", "제이", "엠",
        "티", "에스", "디", "비", "지", "와이", "엔", "아이", "씨", "큐", "알", "피",
    ]

    static func words(for sector: Sector) -> [String] {
        switch sector {
        case .semiconductors: ["반도체", "세미콘", "테크", "실리콘", "웨이퍼"]
        case .electronics: ["전자", "디스플레이", "일렉트릭", "전기", "광학"]
        case .automobiles: ["모터스", "오토", "기공", "정공", "부품"]
        case .chemicals: ["화학", "케미칼", "소재", "머티리얼즈", "폴리텍"]
        case .batteries: ["에너지솔루션", "배터리", "엠텍", "이노베이션", "셀텍"]
        case .biotech: ["바이오", "셀", "진", "바이오텍", "테라퓨틱스"]
        case .pharmaceuticals: ["제약", "약품", "메디칼", "헬스케어", "팜"]
        case .internet: ["소프트", "넷", "정보통신", "데이타", "클라우드"]
        case .games: ["게임즈", "엔터테인먼트", "인터랙티브", "플레이", "스튜디오"]
        case .entertainment: ["엔터", "미디어", "콘텐츠", "픽처스", "뮤직"]
        case .banking: ["금융지주", "은행", "캐피탈", "파이낸셜", "저축은행"]
        case .securities: ["증권", "투자증권", "자산운용", "인베스트", "벤처스"]
        case .insurance: ["생명", "화재", "손해보험", "보험", "라이프"]
        case .construction: ["건설", "개발", "산업", "종합건설", "토건"]
        case .steel: ["제강", "철강", "금속", "스틸", "특수강"]
        case .shipbuilding: ["조선", "중공업", "해양", "마린", "엔진"]
        case .energy: ["에너지", "가스", "솔라", "파워", "석유"]
        case .telecom: ["텔레콤", "통신", "네트웍스", "모바일", "링크"]
        case .consumer: ["식품", "유통", "리테일", "패션", "생활건강"]
        case .machinery: ["기계", "로보틱스", "정밀", "시스템", "오토메이션"]
        case .transportation: ["해운", "물류", "항공", "로지스", "운송"]
        }
    }

    /// A name not yet in `taken` (a numeral suffix breaks the rare exhausted case).
    static func make(sector: Sector, rng: inout SeededGenerator, taken: inout Set<String>) -> String {
        let words = words(for: sector)
        for attempt in 0..<64 {
            var name = stems[rng.nextInt(below: stems.count)] + words[rng.nextInt(below: words.count)]
            if attempt >= 16 { name += String(attempt - 14) }
            if taken.insert(name).inserted { return name }
        }
        var n = taken.count
        while !taken.insert("코리아\(n)").inserted { n += 1 }
        return "코리아\(n)"
    }
}
