import Foundation

/// Update bodies as Telegram sends them (shapes taken from real webhook calls, ids changed).
enum TelegramFixtures {
    static let botUsername = "SwitchboardBot"

    static let privateText = """
        {"update_id":912345601,"message":{"message_id":1201,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana","last_name":"Souza","username":"ana_s","language_code":"pt-br"},\
        "chat":{"id":5212345678,"first_name":"Ana","last_name":"Souza","username":"ana_s","type":"private"},\
        "date":1749416383,"text":"Olá! Do you ship to Lisbon?"}}
        """

    static let groupWithoutMention = """
        {"update_id":912345602,"message":{"message_id":88,"from":{"id":6100000001,"is_bot":false,\
        "first_name":"Kenji"},"chat":{"id":-1001987654321,"title":"Support crew","type":"supergroup"},\
        "date":1749416400,"text":"lunch at 1? @OtherBot is down again",\
        "entities":[{"offset":12,"length":9,"type":"mention"}]}}
        """

    static let groupWithMention = """
        {"update_id":912345603,"message":{"message_id":89,"from":{"id":6100000001,"is_bot":false,\
        "first_name":"Kenji"},"chat":{"id":-1001987654321,"title":"Support crew","type":"supergroup"},\
        "date":1749416410,"text":"hey @switchboardbot what is the status?",\
        "entities":[{"offset":4,"length":15,"type":"mention"}]}}
        """

    /// "🎉🎉 " is 5 UTF-16 units but 3 characters: the mention starts at UTF-16 offset 5.
    static let groupMentionAfterEmoji = """
        {"update_id":912345604,"message":{"message_id":90,"from":{"id":6100000002,"is_bot":false,\
        "first_name":"Zoë"},"chat":{"id":-4012345678,"title":"Family 👨‍👩‍👧","type":"group"},\
        "date":1749416420,"text":"🎉🎉 @SwitchboardBot ping",\
        "entities":[{"offset":5,"length":15,"type":"mention"}]}}
        """

    static let groupCommand = """
        {"update_id":912345605,"message":{"message_id":91,"from":{"id":6100000001,"is_bot":false,\
        "first_name":"Kenji"},"chat":{"id":-1001987654321,"title":"Support crew","type":"supergroup"},\
        "date":1749416430,"text":"/status@SwitchboardBot now",\
        "entities":[{"offset":0,"length":22,"type":"bot_command"}]}}
        """

    static let groupReplyToBot = """
        {"update_id":912345606,"message":{"message_id":92,"from":{"id":6100000001,"is_bot":false,\
        "first_name":"Kenji"},"chat":{"id":-1001987654321,"title":"Support crew","type":"supergroup"},\
        "date":1749416440,"text":"thanks, and tomorrow?",\
        "reply_to_message":{"message_id":87,"from":{"id":7000000001,"is_bot":true,"first_name":"Switchboard",\
        "username":"SwitchboardBot"},"chat":{"id":-1001987654321,"title":"Support crew","type":"supergroup"},\
        "date":1749416300,"text":"Orders ship within 2 days."}}}
        """

    static let photo = """
        {"update_id":912345607,"message":{"message_id":1202,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749416500,\
        "photo":[{"file_id":"AgACAgQAAxkBAAIBsmZ-small","file_unique_id":"AQADsmall","file_size":1404,"width":90,"height":67},\
        {"file_id":"AgACAgQAAxkBAAIBsmZ-medium","file_unique_id":"AQADmedium","file_size":19283,"width":320,"height":240},\
        {"file_id":"AgACAgQAAxkBAAIBsmZ-large","file_unique_id":"AQADlarge","file_size":88421,"width":1280,"height":960}],\
        "caption":"Is this the broken part?","caption_entities":[],"media_group_id":"13718221468551234"}}
        """

    static let document = """
        {"update_id":912345608,"message":{"message_id":1203,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749416600,\
        "document":{"file_name":"invoice-2025-06.pdf","mime_type":"application/pdf",\
        "file_id":"BQACAgQAAxkBAAIBs2Z-doc","file_unique_id":"AgADdoc","file_size":2483911},\
        "caption":"@SwitchboardBot invoice attached","caption_entities":[{"offset":0,"length":15,"type":"mention"}]}}
        """

    static let location = """
        {"update_id":912345609,"message":{"message_id":1204,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749416700,\
        "location":{"latitude":38.722252,"longitude":-9.139337,"horizontal_accuracy":12.5},\
        "reply_to_message":{"message_id":1199,"from":{"id":5212345678,"is_bot":false,"first_name":"Ana"},\
        "chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749416000,"text":"where?"}}}
        """

    static let edited = """
        {"update_id":912345610,"edited_message":{"message_id":1201,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},\
        "date":1749416383,"edit_date":1749416450,"text":"Olá! Do you ship to Porto?"}}
        """

    static let channelPost = """
        {"update_id":912345611,"channel_post":{"message_id":501,"sender_chat":{"id":-1002223334445,\
        "title":"Switchboard news","type":"channel"},"chat":{"id":-1002223334445,"title":"Switchboard news",\
        "type":"channel"},"date":1749416800,"text":"New release out"}}
        """

    static let callbackQuery = """
        {"update_id":912345612,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":5212345678,\
        "is_bot":false,"first_name":"Ana","language_code":"pt-br"},"message":{"message_id":1205,\
        "from":{"id":7000000001,"is_bot":true,"first_name":"Switchboard","username":"SwitchboardBot"},\
        "chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749416900,"text":"Pick a size",\
        "reply_markup":{"inline_keyboard":[[{"text":"S","callback_data":"size:s"},{"text":"M","callback_data":"size:m"}]]}},\
        "chat_instance":"-7184382935712935432","data":"size:m"}}
        """

    static let sticker = """
        {"update_id":912345613,"message":{"message_id":1206,"from":{"id":5212345678,"is_bot":false,\
        "first_name":"Ana"},"chat":{"id":5212345678,"first_name":"Ana","type":"private"},"date":1749417000,\
        "sticker":{"width":512,"height":512,"emoji":"👍","set_name":"HotCherry","is_animated":true,\
        "is_video":false,"type":"regular","thumbnail":{"file_id":"AAMCAgAD","file_unique_id":"AQADthumb",\
        "file_size":5416,"width":128,"height":128},"file_id":"CAACAgIAAxkBAAIBtGZ-sticker",\
        "file_unique_id":"AgADsticker","file_size":30466}}}
        """

    static let myChatMemberBlocked = """
        {"update_id":912345614,"my_chat_member":{"chat":{"id":5212345678,"first_name":"Ana","type":"private"},\
        "from":{"id":5212345678,"is_bot":false,"first_name":"Ana"},"date":1749417100,\
        "old_chat_member":{"user":{"id":7000000001,"is_bot":true,"first_name":"Switchboard","username":"SwitchboardBot"},"status":"member"},\
        "new_chat_member":{"user":{"id":7000000001,"is_bot":true,"first_name":"Switchboard","username":"SwitchboardBot"},"status":"kicked","until_date":0}}}
        """

    static let poll = """
        {"update_id":912345615,"poll":{"id":"5280123","question":"Lunch?","options":[{"text":"yes","voter_count":1}],\
        "total_voter_count":1,"is_closed":false,"is_anonymous":true,"type":"regular","allows_multiple_answers":false}}
        """

    static func data(_ json: String) -> Data { Data(json.utf8) }
}
