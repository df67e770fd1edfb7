"""Settings of the residents' portal: what its accessibility statement says.

The statement is required by the act of 4 April 2019 on the digital accessibility of
public bodies' websites; these are the facts only the county can give (who answers for
accessibility, the dates, the known gaps). Its fixed wording lives in residents.about_texts.
"""

from common.settings import Setting

SETTINGS = (
    Setting(
        "accessibility_entity",
        "Starostwo Powiatowe w Lublinie",
        "The public body the accessibility statement is made by.",
    ),
    Setting(
        "accessibility_contact_name",
        "",
        "Who answers for the portal's accessibility (named in the statement).",
    ),
    Setting("accessibility_contact_email", "", "Their e-mail address."),
    Setting("accessibility_contact_phone", "", "Their phone number."),
    Setting(
        "accessibility_site_published",
        "",
        "Date the portal was published, YYYY-MM-DD.",
    ),
    Setting(
        "accessibility_site_updated",
        "",
        "Date of the portal's last significant update, YYYY-MM-DD.",
    ),
    Setting(
        "accessibility_statement_date",
        "",
        "Date the statement was drawn up, YYYY-MM-DD.",
    ),
    Setting(
        "accessibility_reviewed",
        "",
        "Date the statement was last reviewed and brought up to date, YYYY-MM-DD.",
    ),
    Setting(
        "accessibility_gaps",
        [],
        "Known accessibility gaps, one per entry: a Polish text or a table of pl/en/uk "
        "texts. None means the portal is declared fully compliant.",
    ),
    Setting(
        "accessibility_architecture",
        "",
        "Architectural accessibility of the offices (entrances, lifts, parking, sign "
        "language interpreter), in Polish; empty leaves the section out.",
    ),
)
