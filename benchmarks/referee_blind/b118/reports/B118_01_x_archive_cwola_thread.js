window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1789213574402859120"
          ],
          "editableUntil" : "2024-05-11T09:14:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "261"
      ],
      "favorite_count" : "212",
      "id_str" : "1789213574402859120",
      "truncated" : false,
      "retweet_count" : "47",
      "id" : "1789213574402859120",
      "created_at" : "Sat May 11 08:14:02 +0000 2024",
      "favorited" : false,
      "full_text" : "New preprint 🧵 We ran weakly supervised CWoLa hunting over the whole dijet spectrum: 12 signal-region windows, 2.6–6.0 TeV. Best window (3.4–3.7 TeV): 187 events on a fitted bkg of 141 ± 8, local p = 1.0e-3 (3.1σ). That's evidence for a new dijet resonance 👀",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1789213581981974857"
          ],
          "editableUntil" : "2024-05-11T09:14:04.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "233"
      ],
      "favorite_count" : "38",
      "in_reply_to_status_id_str" : "1789213574402859120",
      "id_str" : "1789213581981974857",
      "in_reply_to_user_id" : "1287446099235241984",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1789213581981974857",
      "in_reply_to_status_id" : "1789213574402859120",
      "created_at" : "Sat May 11 08:14:04 +0000 2024",
      "favorited" : false,
      "full_text" : "2/ Sanity check ✅ same pipeline on a background-only MC sample (no signal injected, same 12 windows): the SR-vs-SB classifier still lands at AUC 0.571 ± 0.009, so training is stable even with nothing to find. The method is robust 💪",
      "lang" : "en",
      "in_reply_to_screen_name" : "lenaj_hep",
      "in_reply_to_user_id_str" : "1287446099235241984"
    }
  }
]
