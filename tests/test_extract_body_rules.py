"""Small rules of the declutter passes, each on a page built to show it."""

from __future__ import annotations

import pytest
from readmode.extract import extract

PROSE = "".join(
    f"<p>Paragraph {n} of the article body, long enough to read as prose, with a comma, too.</p>"
    for n in range(8)
)


def _text(body: str) -> str:
    html = f"<html><body><article><h1>The article</h1>{body}</article></body></html>"
    return extract(html, "https://example.org/a").text


def test_an_aside_of_teasers_in_the_body_goes_and_a_pull_quote_stays() -> None:
    teasers = (
        "<aside class='inset'><h4>More from us</h4>"
        "<a href='/b'>How to repot a fern without killing it</a> Read more</aside>"
    )
    pull_quote = "<aside>“We planted the first tree with our own hands.”</aside>"
    text = _text(PROSE + teasers + pull_quote + PROSE)
    assert "How to repot a fern" not in text
    assert "We planted the first tree with our own hands." in text


def test_a_hatnote_goes_and_a_callout_without_a_link_stays() -> None:
    hatnote = (
        "<div role='note' class='hatnote'>Main article: <a href='/wiki/H'>History of the"
        " harbour</a></div>"
    )
    callout = "<div role='note'>💡 Book the big machines a week in advance.</div>"
    text = _text(hatnote + PROSE + callout)
    assert "Main article" not in text
    assert "Book the big machines a week in advance." in text
    assert "Paragraph 7 of the article body" in text


def test_review_and_fact_check_lines_go_like_bylines() -> None:
    lines = "<p>Medically reviewed by Hansa D. Bhargava, MD</p><p>Fact-checked by Dr. Ana Ruiz</p>"
    text = _text(lines + PROSE)
    assert "Hansa D. Bhargava" not in text
    assert "Ana Ruiz" not in text


def test_a_sentence_starting_with_by_stays() -> None:
    sentence = "<p>By 5 p.m. the crowd had filled the square.</p>"
    assert "By 5 p.m. the crowd had filled the square." in _text(PROSE + sentence + PROSE)


def test_off_screen_labels_go() -> None:
    label = "<span class='off-screen'>Image caption</span>"
    text = _text(f"<p>{label} Boats in the harbour at dawn, before the fleet sails out.</p>{PROSE}")
    assert "Image caption" not in text
    assert "Boats in the harbour at dawn" in text


def test_embedded_tweets_stay_with_their_links() -> None:
    tweet = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet">'
        '<p lang="en">Yes this is real and the state paid for it: '
        '<a href="https://t.co/abc">https://t.co/abc</a></p>'
        '— Ann Example (@annexample) <a href="https://twitter.com/annexample/status/1">'
        "November 18, 2019</a></blockquote>"
        '<script async src="https://platform.twitter.com/widgets.js"></script></div>'
    )
    text = _text(PROSE + tweet + PROSE)
    assert "Yes this is real and the state paid for it" in text
    assert "Ann Example (@annexample)" in text


def test_an_also_line_that_is_a_link_goes_and_a_sentence_starting_with_also_stays() -> None:
    teaser = "<p><strong>Also:</strong> <a href='/deals'>See our Black Friday coverage</a></p>"
    sentence = (
        "<p>Also: the harbour master said the <a href='/wall'>new wall</a> will open in May.</p>"
    )
    text = _text(PROSE + teaser + sentence + PROSE)
    assert "See our Black Friday coverage" not in text
    assert "the harbour master said the new wall will open in May." in text


def test_a_subheader_class_does_not_make_a_section_heading_chrome() -> None:
    heading = '<h2 class="subheader" id="the-vote">The vote that changed the harbour</h2>'
    text = _text(PROSE + heading + PROSE)
    assert "The vote that changed the harbour" in text


def test_a_video_players_label_goes_and_a_caption_under_a_video_stays() -> None:
    player = (
        '<div class="video-resource"><span class="video-resource__headline">'
        "Watch what the harbour master said</span>"
        '<span class="video-resource__duration">02:12</span> - Source: Harbour TV</div>'
    )
    caption = (
        "<figure><video src='https://example.org/v.mp4'></video>"
        "<figcaption>Lanterns on the water at dusk, filmed from the north quay.</figcaption>"
        "</figure>"
    )
    text = _text(PROSE + player + caption + PROSE)
    assert "Watch what the harbour master said" not in text
    assert "Source: Harbour TV" not in text
    assert "Lanterns on the water at dusk, filmed from the north quay." in text


def test_a_dateline_holding_only_the_date_is_not_the_byline() -> None:
    html = (
        "<html><body><article>"
        '<span class="dateline">Sunday, Feb 1, 2015 11:57 AM UTC</span>'
        "<h1>The harbour wall</h1>"
        '<span class="byline"><a href="/writer/rj">Richard Eskow</a></span>'
        f"{PROSE}</article></body></html>"
    )
    assert extract(html, "https://example.org/a").byline == "Richard Eskow"


def _html(body: str) -> str:
    html = f"<html><body><article><h1>The article</h1>{body}</article></body></html>"
    return extract(html, "https://example.org/a").content_html


def test_a_photo_in_a_wrapper_div_stays() -> None:
    """readability-lxml drops a block with no text as 'no content' — every photo in a div."""
    photo = (
        "<figure class='graf--figure'><div class='aspectRatioPlaceholder'>"
        "<div class='aspect-ratio-fill'></div>"
        "<img src='https://cdn.example.org/harbour-at-dawn.jpg' alt=''></div></figure>"
    )
    bare = "<div class='photo-wrap'><img src='https://cdn.example.org/nets-drying.jpg'></div>"
    html = _html(PROSE + photo + PROSE + bare + PROSE)
    assert "harbour-at-dawn.jpg" in html
    assert "nets-drying.jpg" in html


def test_a_thumbnail_linking_to_another_page_is_not_a_photo_of_the_article() -> None:
    teaser = (
        "<div class='thumb'><a href='https://example.org/other-story'>"
        "<img src='https://cdn.example.org/other-story-thumb.jpg'></a></div>"
    )
    assert "other-story-thumb.jpg" not in _html(PROSE + teaser + PROSE)


def test_a_photo_whose_class_says_it_has_share_buttons_stays() -> None:
    """'fig--has-shares' is a photo with share buttons, not a share bar."""
    photo = (
        "<figure class='element-image fig--has-shares'>"
        "<img src='https://cdn.example.org/whale.jpg' alt='A whale'>"
        "<figcaption>A pilot whale off Stewart Island.</figcaption></figure>"
    )
    html = _html(PROSE + photo + PROSE)
    assert "whale.jpg" in html
    assert "A pilot whale off Stewart Island." in html


def test_a_lightbox_button_under_a_photo_goes() -> None:
    photo = (
        "<div><img src='https://cdn.example.org/pills.jpg'>"
        "<p class='print'><a href='https://cdn.example.org/pills-big.jpg'><b>View this image ›</b>"
        "</a></p></div>"
    )
    text = _text(PROSE + photo + PROSE)
    assert "View this image" not in text
    assert "Paragraph 7 of the article body" in text


def test_aria_hidden_photos_captions_and_formulas_stay_and_other_aria_hidden_text_goes() -> None:
    body = (
        "<figure><img aria-hidden='true' src='https://cdn.example.org/formula.svg' alt='x'>"
        "<figcaption aria-hidden='true'>Chestnut trees above the village in October.</figcaption>"
        "</figure><p><span aria-hidden='true'>**WRONG**</span>A line that stays in the text.</p>"
    )
    article = extract(f"<html><body><article>{PROSE}{body}{PROSE}</article></body></html>")
    assert "formula.svg" in article.content_html
    assert "Chestnut trees above the village in October." in article.text
    assert "WRONG" not in article.text


def test_screen_reader_text_goes_under_generated_class_names() -> None:
    labels = (
        "<p><span class='ssrcss-1ly73wi-VisuallyHidden'>Image caption, </span>Boats at dawn in "
        "the harbour<span class='screen-reader-only__sr-only__3RGGJ'>, opens new tab</span>.</p>"
    )
    text = _text(PROSE + labels + PROSE)
    assert "Image caption" not in text
    assert "opens new tab" not in text
    assert "Boats at dawn in the harbour." in text


def test_a_comment_counter_link_goes_without_the_byline_line_beside_it() -> None:
    footer = (
        "<div class='post-footer-line'><span class='post-author vcard'>Posted by "
        "<span class='fn'>Margaret Ellery</span></span> "
        "<span class='post-comment-link'><a href='#comments'>4 comments:</a></span></div>"
    )
    article = extract(f"<html><body><article>{PROSE}{footer}</article></body></html>")
    assert "Margaret Ellery" in (article.byline or "")
    assert "4 comments" not in article.text


def test_code_highlighted_line_by_line_keeps_its_lines() -> None:
    code = (
        "<pre><code><span class='token-line'>def f():<br></span>"
        "<span class='token-line'>    return 1<br></span></code></pre>"
        "<pre><div class='line'>a = 1</div><div class='line'>b = 2</div></pre>"
    )
    text = _text(PROSE + code + PROSE)
    assert "def f():\n    return 1" in text
    assert "a = 1\nb = 2" in text


def test_social_links_inside_a_sentence_stay_and_a_bare_share_button_goes() -> None:
    line = (
        "<p>The council publishes its minutes every month, and residents can follow the "
        "debate on <a href='https://facebook.example/council'>Facebook</a> and "
        "<a href='https://x.example/council'>X</a> as it happens.</p>"
    )
    text = _text(PROSE + line + "<div><a href='/share'>Share</a></div>" + PROSE)
    assert "follow the debate on Facebook and X as it happens." in text
    assert "\nShare\n" not in f"\n{text}\n"


def test_a_number_beside_its_label_is_not_a_slide_counter() -> None:
    nutrition = "<p>Calories: <span class='value'>268</span> kcal</p><div><span>3</span></div>"
    text = _text(PROSE + nutrition + PROSE)
    assert "Calories: 268 kcal" in text
    assert "\n3\n" not in f"\n{text}\n"


def test_a_subscribers_only_badge_goes_without_its_header() -> None:
    header = (
        "<section class='article__heading'><span class='badge'>Article réservé aux abonnés</span>"
        "<figure><img src='https://cdn.example.org/chestnut.jpg'><figcaption>Une châtaigneraie "
        "dans les Cévennes, en octobre.</figcaption></figure></section>"
    )
    text = _text(header + PROSE)
    assert "réservé aux abonnés" not in text
    assert "Une châtaigneraie dans les Cévennes, en octobre." in text


def test_headings_and_lists_carrying_the_gated_paragraphs_class_stay() -> None:
    gated = "".join(
        f"<p class='paywall'>Paragraph {n} behind the wall, which the reader's own browser "
        "shows because they subscribe, long enough to be prose, too.</p>"
        for n in range(6)
    )
    extra = (
        "<h2 class='paywall'>Listening in the dark</h2>"
        "<ul class='paywall'><li>Fourteen nights.</li></ul>"
    )
    text = _text(gated + extra + gated)
    assert "Listening in the dark" in text
    assert "Fourteen nights." in text


def test_a_blurred_preview_goes_when_the_noscript_fallback_brings_the_real_picture() -> None:
    photo = (
        "<figure><div><div><img src='https://cdn.example.org/max/60/leak.png?q=20'></div>"
        "<img width='1894'><noscript><img src='https://cdn.example.org/max/3788/leak.png'>"
        "</noscript></div><figcaption>Memory leak in action</figcaption></figure>"
    )
    html = _html(PROSE + photo + PROSE)
    assert "max/3788/leak.png" in html
    assert "max/60/leak.png" not in html


def test_a_block_hidden_on_phones_only_stays() -> None:
    box = (
        "<div class='d-none d-lg-block'><p>The harbour wall was rebuilt in 1998 after the storm "
        "washed away its northern end, and has held since.</p></div>"
        "<div class='d-none'><p>Only the mobile app shows this line, long enough to be prose.</p>"
        "</div>"
    )
    text = _text(PROSE + box + PROSE)
    assert "The harbour wall was rebuilt in 1998" in text
    assert "Only the mobile app" not in text


def test_the_authors_footnotes_stay() -> None:
    notes = (
        "<p>The figure is smaller than it looks.<sup id='fnref:1'><a href='#fn:1'>1</a></sup></p>"
        "<div class='footnotes' role='doc-endnotes'><hr><ol><li id='fn:1'><p>I had looked at "
        "that page dozens of times without ever reading the numbers.</p></li></ol></div>"
    )
    text = _text(PROSE + notes)
    assert "without ever reading the numbers." in text


def test_the_next_story_appended_by_infinite_scroll_goes_even_when_it_is_longer() -> None:
    first = "<article><h1>Red Point ferry will sail in June</h1>" + PROSE + "</article>"
    longer = "".join(
        f"<p>Next story paragraph {n}: transit police will station officers on the platforms, "
        "the agency said on Friday, after a month of complaints.</p>"
        for n in range(14)
    )
    second = f"<div class='up-next'>Up next</div><article><h1>Transit police</h1>{longer}</article>"
    head = "<head><meta property='og:title' content='Red Point ferry will sail in June'></head>"
    article = extract(f"<html>{head}<body>{first}{second}</body></html>", "https://example.org/a")
    assert "Paragraph 7 of the article body" in article.text
    assert "transit police will station officers" not in article.text
    assert any(r.rule == "other_stories" for r in article.removals)


def test_amp_images_become_images() -> None:
    amp = (
        "<amp-img src='https://cdn.example.org/ferry-1200x800.jpg' width='1200' height='800' "
        "layout='responsive' alt='The ferry'><div placeholder></div></amp-img>"
    )
    html = _html(PROSE + amp + PROSE)
    assert '<img src="https://cdn.example.org/ferry-1200x800.jpg"' in html
    assert "amp-img" not in html


def test_a_captioned_figure_linking_to_its_viewer_page_keeps_its_picture_in_place() -> None:
    figure = (
        "<figure><figcaption>Fig. 1: Biomass under drought.</figcaption><div class='item'>"
        "<a href='/articles/s41586/figures/1'><img src='https://cdn.example.org/fig1.png'></a>"
        "</div></figure>"
    )
    html = _html(PROSE + figure + PROSE)
    assert html.index("fig1.png") > html.index("Paragraph 7")


def test_a_heading_that_starts_with_by_and_a_quotes_attribution_stay() -> None:
    body = (
        "<h2>By the numbers</h2><p>Seagrass meadows store carbon twice as fast as forests, "
        "the survey found, and cover less ground every year.</p>"
        "<figure><blockquote>We lose a football pitch of meadow every hour.</blockquote>"
        "<figcaption class='blockquote__byline'>Dr. Hannah Okafor, seagrass ecologist"
        "</figcaption></figure>"
    )
    text = _text(PROSE + body + PROSE)
    assert "By the numbers" in text
    assert "Dr. Hannah Okafor, seagrass ecologist" in text


def test_a_pixel_sized_by_its_style_goes() -> None:
    pixel = "<img alt='' src='https://rt.example.org/rt.gif?x=1' style='width:1px; height:1px;'>"
    assert "rt.gif" not in _html(PROSE + f"<p>{pixel}</p>" + PROSE)


def test_a_next_js_picture_sized_by_its_box_is_not_a_pixel() -> None:
    style = "position:absolute;display:block;width:0;height:0;min-width:100%;max-width:100%"
    photo = f"<p><img src='https://cdn.example.org/vision.jpg' style='{style}'></p>"
    assert "vision.jpg" in _html(PROSE + photo + PROSE)


def test_a_docs_title_loses_the_project_suffix_when_the_h1_is_the_rest() -> None:
    page = (
        "<html><head><title>Retrying failed requests — quarrel 2.4.1 documentation</title>"
        "</head><body><article><h1>Retrying failed requests<a href='#r'>¶</a></h1>"
        f"{PROSE}</article></body></html>"
    )
    article = extract(page, "https://example.org/a")
    assert article.headline == "Retrying failed requests"
    assert article.title == "Retrying failed requests — quarrel 2.4.1 documentation"


def test_a_pager_and_a_text_breadcrumb_go_and_a_sentence_about_the_next_chapter_stays() -> None:
    body = (
        "<p><font size=1><a href='/'>Home</a> &gt; <a href='/a'>Local History</a> &gt; "
        "The Flood</font></p>"
        f"{PROSE}<p>Next: the rebuilding, which the next chapter tells, took eleven years.</p>"
        "<center>[ <a href='/p'>« Previous: The Mill Fire</a> | <a href='/i'>Index</a> | "
        "<a href='/n'>Next: The Bridge »</a> ]</center>"
    )
    text = _text(body)
    assert "Local History" not in text
    assert "The Mill Fire" not in text
    assert "the next chapter tells, took eleven years." in text


def test_a_subheading_alone_in_its_editor_block_stays() -> None:
    block = "<div class='text_editor_paragraph'><div><h2>What the project covers</h2></div></div>"
    assert "What the project covers" in _text(PROSE + block + PROSE)


def test_a_gallery_keeps_all_its_photos() -> None:
    slides = "".join(
        f"<div class='slide'><a href='https://cdn.example.org/jar{n}.jpg' class='lightbox-opener'>"
        f"<img src='https://cdn.example.org/jar{n}.jpg'></a></div>"
        for n in range(4)
    )
    html = _html(PROSE + f"<div class='sqs-gallery'>{slides}</div>" + PROSE)
    assert all(f"jar{n}.jpg" in html for n in range(4))


@pytest.mark.parametrize(
    "label", ["Reklama", "Advertentie", "Continue reading below", "Annonce", "Haberin Devamı"]
)
def test_ad_labels_in_more_languages(label: str) -> None:
    assert f"\n{label}\n" not in f"\n{_text(PROSE + f'<div>{label}</div>' + PROSE)}\n"


def test_an_affiliate_note_goes_and_a_sentence_about_commissions_stays() -> None:
    note = "<p><small>When you buy a book using a link here, we receive a commission.</small></p>"
    agent = "<p>The agent earns a commission of six percent on every sale.</p>"
    text = _text(PROSE + agent + note)
    assert "we receive a commission" not in text
    assert "The agent earns a commission" in text


def test_an_author_box_found_by_its_heading_goes() -> None:
    bio = (
        "<div class='ArticleBio_root__q2R7x'><h3>About the Author</h3>"
        "<p>Theodora Wilkes is a staff writer who covers language.</p></div>"
    )
    text = _text(PROSE + bio)
    assert "About the Author" not in text
    assert "staff writer" not in text
    assert "Paragraph 7 of the article body" in text


def test_a_date_line_of_time_elements_goes_and_a_sentence_with_a_time_stays() -> None:
    line = (
        "<p><time datetime='2025-03-04T19:05:12Z'>04/03/2025 16h05</time> <span>Publicado há"
        " 3 horas</span> <time datetime='2025-03-04T21:40:03Z'>há 43 minutos</time></p>"
    )
    sentence = "<p>The vote is on <time datetime='2025-03-10'>Monday</time></p>"
    transcript = "<div><time datetime='PT0M12S'>00:00:12</time> <span>Dana Whitfield</span></div>"
    text = _text(line + PROSE + sentence + transcript + PROSE)
    assert "Publicado" not in text
    assert "The vote is on Monday" in text
    assert "Dana Whitfield" in text


def test_labels_of_videos_that_cannot_play_go() -> None:
    lines = "<p><strong>VÍDEOS: tudo sobre Campinas e Região</strong></p>"
    lines += "<p>Watch: the keeper said nothing for a long time.</p>"
    text = _text(PROSE + lines)
    assert "VÍDEOS" not in text
    assert "Watch: the keeper said nothing" in text


def test_a_photo_classed_as_its_lightbox_stays() -> None:
    photo = (
        "<figure><img class='zh-lightbox-thumb' src='https://cdn.example.org/kiln.jpg'></figure>"
    )
    assert "kiln.jpg" in _html(PROSE + photo + PROSE)


def test_a_heading_wrapped_in_a_header_block_stays_and_a_teaser_lists_header_goes() -> None:
    heading = "<div class='notion-header-block'><div><h2>Booking the machines</h2></div></div>"
    steps = "<div><div>Complete the safety walkthrough with a steward</div></div>"
    teasers = (
        "<div class='summary-block-header'><h3>From the journal</h3></div><div>"
        + "".join(
            f"<p><a href='/j{n}'>Reclaiming clay, part {n}</a> Buckets and plaster.</p>"
            for n in range(3)
        )
        + "</div>"
    )
    text = _text(PROSE + heading + steps + PROSE + teasers)
    assert "Booking the machines" in text
    assert "From the journal" not in text


def test_a_data_table_whose_class_says_headers_stays() -> None:
    table = (
        "<table class='ltx_tabular ltx_guessed_headers'><thead><tr><th>Model</th><th>Experts</th>"
        "</tr></thead><tbody><tr><td>MoE-32 large</td><td>32</td></tr></tbody></table>"
    )
    assert "MoE-32 large" in _text(PROSE + table + PROSE)


def test_an_accordions_collapsed_answers_are_read_and_a_menus_are_not() -> None:
    faq = (
        "<h3><button aria-expanded='false' aria-controls='a1'>How long does a refund take?"
        "</button></h3><div id='a1' role='region' hidden><p>Two to three business days once"
        " the parcel reaches the warehouse in Reno.</p></div>"
    )
    menu = (
        "<button aria-expanded='false' aria-controls='m1'>Menu</button>"
        "<div id='m1' hidden><p>Shop the winter collection of jackets and boots today.</p></div>"
    )
    text = _text(PROSE + faq + menu + PROSE)
    assert "How long does a refund take?" in text
    assert "Two to three business days" in text
    assert "winter collection" not in text


def test_a_newsletter_issues_footer_goes() -> None:
    footer = (
        "<p>You're receiving this because you subscribed to Field Notes.</p>"
        "<p>Unsubscribe · View the archive</p>"
        "<p>A quick favour: forward this to one friend who'd like it.</p>"
    )
    text = _text(PROSE + footer)
    assert "receiving this" not in text
    assert "Unsubscribe" not in text
    assert "forward this" not in text


def test_a_feedback_widget_and_a_toggle_symbol_go() -> None:
    widget = "<div><p>Was this article helpful?</p></div><p>Helpful 14 Not Helpful 3</p>"
    toggle = "<p>A margin note follows.<label for='mn-1' class='margin-toggle'>⊕</label></p>"
    text = _text(PROSE + toggle + widget)
    assert "helpful" not in text.lower()
    assert "⊕" not in text
    assert "A margin note follows." in text


def test_a_captions_text_and_credit_are_two_sentences() -> None:
    figure = (
        "<figure><img src='https://cdn.example.org/quay.jpg'><figcaption><span>Nets mended on"
        " credit.</span><span>Photograph by Anneli Draxl</span></figcaption></figure>"
    )
    assert "credit. Photograph by Anneli Draxl" in _text(PROSE + figure + PROSE)


def test_the_part_a_subscriber_reads_is_the_article() -> None:
    body = (
        "<div class='asset-body'><div class='subscriber-preview'><p>The board voted 4-1 on"
        " Tuesday night to replace the bridge, with commas, here and there.</p></div>"
        f"<div class='subscriber-only'>{PROSE}</div></div>"
    )
    text = _text(body)
    assert "The board voted 4-1" in text
    assert "Paragraph 7 of the article body" in text


def test_a_tag_line_beside_a_quote_goes_and_a_follow_box_goes_whole() -> None:
    body = (
        PROSE + "<blockquote>We took the late ferry home.</blockquote>"
        "<p>The crossing took forty minutes, and nobody spoke, with commas, too.</p>"
        "<p class='tags'><a href='/t/travel'>#travel</a> <a href='/t/notes'>#notes</a></p>"
        "<div><p>Follow @ines@write.as on Mastodon</p>"
        "<p>Search for the handle in your app, then press Follow.</p></div>"
        "<div class='toast' role='status'>Thanks for the toast!</div>"
    )
    text = _text(body)
    assert "#travel" not in text
    assert "Search for the handle" not in text
    assert "Thanks for the toast" not in text
    assert "We took the late ferry home." in text


def test_player_status_app_prompts_and_permalink_marks_go() -> None:
    body = (
        "<h2>Why compost at home? <a href='#why' class='heading-anchor'>#</a></h2>"
        + PROSE
        + "<div class='inline-video'><div class='video-player'></div><div class='caption'>"
        "<p>NOW PLAYING</p><p>Corrections chief defends the plan</p></div></div>"
        "<p><strong>READ ON THE HARBOUR NEWS APP</strong></p>" + PROSE
    )
    text = _text(body)
    assert "Why compost at home?" in text
    assert " #" not in text
    assert "NOW PLAYING" not in text
    assert "Corrections chief" not in text
    assert "HARBOUR NEWS APP" not in text


def test_an_infobox_aside_stays_and_a_question_pages_time_lines_go() -> None:
    infobox = (
        "<aside class='portable-infobox'><h2>Orla Venn</h2><figure><img src='/venn.png'>"
        "</figure><h3>Ship</h3><div>Kestrel-class frigate <a href='/w/M'>ISV Marrowind</a>,"
        " the fleet's oldest, refitted twice</div><h3>Rank</h3><div>Captain; promoted to"
        " Vice-Admiral posthumously, by order of the Council</div></aside>"
    )
    lines = "<div class='user-action-time'>answered Mar 3, 2025 at 19:05</div>"
    text = _text(infobox + PROSE + lines)
    assert "Kestrel-class frigate ISV Marrowind" in text
    assert "answered Mar 3" not in text


def test_a_tweet_embedded_in_a_wordpress_figure_stays() -> None:
    embed = (
        "<figure class='wp-block-embed is-provider-twitter wp-block-embed-twitter'>"
        "<div class='wp-block-embed__wrapper'><blockquote class='twitter-tweet'><p>The whole"
        " northern sky went pink for about twenty minutes.</p>— Dana (@dana)</blockquote>"
        "</div></figure>"
    )
    assert "northern sky went pink" in _text(PROSE + embed + PROSE)


def test_list_items_wrapped_in_a_section_stay() -> None:
    items = "".join(
        f"<li><section><span>第{n}项很短的内容；</span></section></li>" for n in range(3)
    )
    assert "第1项很短的内容" in _text(PROSE + f"<ul>{items}</ul>" + PROSE)


def test_a_heading_built_of_divs_keeps_its_words_and_read_pipes_and_badges_go() -> None:
    heading = "<h2><div><div></div>Is it really a swarm?</div></h2>"
    teaser = (
        "<p><strong>READ | <a href='/tankers'>Water tankers deployed to Motherwell</a></strong></p>"
    )
    badge = "<div><span>News24 Subscriber</span></div>"
    reminder = "<p>Reminder, this is a Premium article and requires a subscription to read.</p>"
    text = _text(badge + PROSE + heading + teaser + PROSE + reminder)
    assert "Is it really a swarm?" in text
    assert "Water tankers" not in text
    assert "Subscriber" not in text
    assert "requires a subscription" not in text


def test_a_photo_under_a_share_button_and_adobe_components_stay() -> None:
    photo = (
        "<figure><div><img src='https://cdn.example.org/thermometer.jpg'>"
        "<a href='https://pinterest.example/pin'><span>Share on Pinterest</span></a></div>"
        "<figcaption>A floating thermometer helps.</figcaption></figure>"
    )
    aem = "<div class='cmp-image'><img src='https://cdn.example.org/clinic.jpg'></div>"
    html = _html(PROSE + photo + PROSE + aem + PROSE)
    assert "thermometer.jpg" in html
    assert "clinic.jpg" in html
    assert "Share on Pinterest" not in html


def test_a_docs_feedback_widget_goes_whole() -> None:
    widget = (
        "<div class='awsdocs-thumb-feedback'><span>Did this page help you? - Yes</span><div>"
        "<p>Thanks for letting us know we're doing a good job!</p><p>If you've got a moment,"
        " please tell us what we did right so we can do more of it.</p></div></div>"
    )
    text = _text(PROSE + widget)
    assert "help you" not in text
    assert "Thanks for letting us know" not in text
