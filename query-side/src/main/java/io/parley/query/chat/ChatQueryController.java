package io.parley.query.chat;

import io.parley.api.ErrorCode;
import io.parley.api.chat.ChatQueries.ChatSummary;
import io.parley.api.chat.ChatQueries.FindChatMessages;
import io.parley.api.chat.ChatQueries.ChatList;
import io.parley.api.chat.ChatQueries.FindChats;
import io.parley.api.chat.ChatQueries.MessagePage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** API.md "Chat" reads: history pages (also the offline catch-up with {@code after}) and the chat list. */
@RestController
@Validated
class ChatQueryController {

    private final QueryGateway queries;

    ChatQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/chat/{chatId}")
    MessagePage history(Principal principal, @PathVariable String chatId,
                        @RequestParam(required = false) @Min(0) Long before,
                        @RequestParam(required = false) @Min(0) Long after,
                        @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        MessagePage page = queries.query(new FindChatMessages(chatId, principal.getName(), before, after, limit),
                ResponseTypes.instanceOf(MessagePage.class)).join();
        if (page == null) {
            throw ErrorCode.CHAT_NOT_FOUND.exception("No such chat.");
        }
        return page;
    }

    @GetMapping("/api/chat/user/{userId}")
    List<ChatSummary> chats(Principal principal, @PathVariable String userId) {
        if (!userId.equals(principal.getName())) {
            throw ErrorCode.FORBIDDEN.exception("You can only list your own chats.");
        }
        return queries.query(new FindChats(userId), ResponseTypes.instanceOf(ChatList.class)).join().chats();
    }
}
