//! Segment: article text → title and content paragraphs, with site boilerplate removed.
//!
//! A paragraph is a non-blank line; lines of a hard-wrapped block (a line without closing
//! punctuation followed by one starting in lower case) are joined with a space. Each line
//! is then classified by general rules, first match wins:
//!
//! | rule | example | kept as |
//! |---|---|---|
//! | metadata key alone, then its value | `Source` / `Xinhua` | dropped; value recorded |
//! | credit `Role: Name` | `Video editor: A. Li` | dropped; author/source/date recorded |
//! | time or date only | `04:07`, `2023-02-07 17:10` | dropped; date recorded |
//! | byline | `By Jane Doe, (Outlet)` | dropped; author/source recorded |
//! | site furniture | `Download`, `Read more here.`, `Continue...` | dropped |
//! | contact line | `… contact us at desk@example.com` | dropped |
//! | editor's note, disclaimer | `Editor's note: …`, `… do not necessarily reflect …` | dropped |
//! | author bio | `(The author is a researcher at …)` | dropped |
//! | headline list | a line made of two or more headlines of the page | dropped |
//! | title | first short line without closing `.`, `,`, `;`, `:` | title |
//! | deck | a short line of ≥ 4 words right after the title | subtitle |
//! | heading | an ALL-CAPS line, or ≤ 3 words without closing punctuation | dropped |
//! | anything else | | body |

mod dates;
mod metadata;
mod rules;
mod scanner;
mod segmenter;

pub use dates::find_date;
pub use segmenter::{segment, DropRule, Dropped, Kind, Paragraph, Segmented};
