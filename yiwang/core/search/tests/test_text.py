from yiwang.core.search.text import (
    bigrams_of,
    doc_number_mentions,
    index_words,
    normalise_doc_number,
    normalise_index_number,
    parse_query,
    query_words,
)


def test_search_mode_segmentation_keeps_the_short_word_inside_a_longer_one():
    words = index_words("伊春市森林防火指挥部").split()
    assert "伊春" in words and "伊春市" in words
    assert "森林" in words and "防火" in words


def test_query_segmentation_gives_two_and_four_character_words():
    assert query_words("营商环境") == ["营商", "环境"]
    assert query_words("林业") == ["林业"]
    assert "最低" in query_words("最低生活保障")


def test_bigrams_cover_every_substring_and_do_not_cross_punctuation():
    assert bigrams_of("森林防火") == ["森林", "林防", "防火"]
    assert bigrams_of("伊政发〔2025〕12号") == ["伊政", "政发", "20", "02", "25", "12", "2号"]


def test_full_width_digits_and_letters_are_normalised():
    assert parse_query("２０２５年").terms[0].bigrams == parse_query("2025年").terms[0].bigrams
    assert normalise_index_number(" 11341702486344515h/202110-00013 ") == "11341702486344515H/202110-00013"


def test_doc_numbers_written_with_any_brackets_are_the_same_number():
    expected = "伊政发〔2025〕12号"
    for written in (
        "伊政发〔2025〕12号",
        "伊政发[2025]12号",
        "伊政发（2025）12号",
        "伊政发【2025】012号",
        "伊政发 [2025] 12",
    ):
        assert normalise_doc_number(written) == expected


def test_query_is_split_on_spaces_and_bounded():
    parsed = parse_query("  森林防火   宣传 ")
    assert [t.text for t in parsed.terms] == ["森林防火", "宣传"]
    assert parsed.exact == ""
    assert len(parse_query(" ".join(["林业"] * 50)).terms) <= 8
    assert parse_query("《通知》").terms[0].text == "通知"


def test_a_query_of_only_punctuation_is_empty():
    assert parse_query("，。！").terms == ()


def test_cited_doc_numbers_are_found_whatever_precedes_the_agency_code():
    mentions = doc_number_mentions("现将《实施方案》（伊政发〔2025〕12号）印发，参照伊政办发[2024]3号执行。")
    assert "伊政发〔2025〕12号" in mentions
    assert "伊政办发〔2024〕3号" in mentions
    assert "伊政发〔2025〕112号" not in mentions
