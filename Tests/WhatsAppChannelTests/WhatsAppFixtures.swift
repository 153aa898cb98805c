import Foundation

/// Webhook bodies in the Cloud API's wire format, shaped like the PLATFORMS.md envelope.
enum WhatsAppFixtures {
    /// The PLATFORMS.md signature vector: exactly these 499 bytes, no trailing newline.
    static let vectorBody =
        #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}"#
    static let vectorSecret = "test_app_secret"
    static let vectorSignature = "sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42"

    /// Wraps `value` JSON (without metadata) in a full envelope for phone number 106540352242922.
    static func envelope(_ valueFields: String, field: String = "messages") -> Data {
        Data(
            #"""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},\#(valueFields)},"field":"\#(field)"}]}]}
            """#.utf8)
    }

    static let contact = #""contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}]"#

    /// One inbound message of each kind the adapter handles, plus unsupported ones, in one change.
    static let mixedMessages = envelope(
        contact + #"""
            ,"messages":[
              {"from":"16505551234","id":"wamid.IMAGE","timestamp":"1749416400","type":"image","image":{"caption":"the blue one","mime_type":"image/jpeg","sha256":"29ed500fa64eb55fc19dc4124acb300e5dcca0f822a301ae99944db","id":"2754859441498128"}},
              {"from":"16505551234","id":"wamid.DOC","timestamp":"1749416401","type":"document","document":{"filename":"invoice.pdf","mime_type":"application/pdf","sha256":"3b1ea5d0bc1c4ba7dd2cc5ffd8d2e5d5","id":"1003383421387256"}},
              {"from":"16505551234","id":"wamid.LOC","timestamp":"1749416402","type":"location","location":{"address":"1071 5th Ave, New York, NY 10128","latitude":40.782910059774,"longitude":-73.959075808525,"name":"Solomon R. Guggenheim Museum"}},
              {"context":{"from":"15550783881","id":"wamid.OURBUTTONS"},"from":"16505551234","id":"wamid.BTN","timestamp":"1749416403","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"colour_blue","title":"Blue"}}},
              {"context":{"from":"15550783881","id":"wamid.OURLIST"},"from":"16505551234","id":"wamid.LIST","timestamp":"1749416404","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"size_m","title":"Medium","description":"Chest 96-101 cm"}}},
              {"context":{"from":"15550783881","id":"wamid.OURTEMPLATE"},"from":"16505551234","id":"wamid.QUICK","timestamp":"1749416405","type":"button","button":{"payload":"STOP_PROMOS","text":"Stop promotions"}},
              {"context":{"from":"15550783881","id":"wamid.OURTEXT"},"from":"16505551234","id":"wamid.REPLY","timestamp":"1749416406","type":"text","text":{"body":"Yes please"}},
              {"from":"16505551234","id":"wamid.REACT","timestamp":"1749416407","type":"reaction","reaction":{"message_id":"wamid.OURTEXT","emoji":"\uD83D\uDC4D"}},
              {"from":"16505551234","id":"wamid.STICKER","timestamp":"1749416408","type":"sticker","sticker":{"mime_type":"image/webp","sha256":"abc","id":"998877","animated":false}},
              {"from":"16505551234","id":"wamid.UNSUPPORTED","timestamp":"1749416409","type":"unsupported","errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]},
              {"from":"16505551234","id":"wamid.POLL","timestamp":"1749416410","type":"poll"},
              {"from":"16505551234","id":"wamid.FLOW","timestamp":"1749416411","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}","body":"Sent","name":"flow"}}}
            ]
            """#)

    /// Receipts for our outbound messages, including a 131047 failure and an unknown state.
    static let statuses = envelope(
        #"""
        "statuses":[
          {"id":"wamid.OUT1","status":"sent","timestamp":"1749416500","recipient_id":"16505551234","conversation":{"id":"c1","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}},
          {"id":"wamid.OUT1","status":"delivered","timestamp":"1749416501","recipient_id":"16505551234"},
          {"id":"wamid.OUT1","status":"read","timestamp":"1749416502","recipient_id":"16505551234"},
          {"id":"wamid.OUT2","status":"failed","timestamp":"1749416503","recipient_id":"16505551234","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]},
          {"id":"wamid.OUT3","status":"failed","timestamp":"1749416504","recipient_id":"16505551234","errors":[{"code":131026,"title":"Message undeliverable"}]},
          {"id":"wamid.OUT4","status":"deleted","timestamp":"1749416505","recipient_id":"16505551234"}
        ]
        """#)
}
