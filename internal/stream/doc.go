// Package stream carries the end of a long-lived operation — a
// subscription over websocket or server-sent events — from the code that
// ends it (the complaint feed, the access rules) to the transport that
// delivers it, so that the client receives a coded error message instead of
// a result full of nulls.
//
// A transport puts an End in the context of each subscription (NewContext);
// whoever ends the subscription records why with Fail and then closes the
// subscription's channel. The transport, seeing the channel closed, sends
// the recorded error as the operation's last message. An error coded
// UNAUTHENTICATED or FORBIDDEN also ends the connection (websocket close
// code 4403; the end of an event stream), as does cancelling the context of
// the subscription or of its connection with such an error as the cause
// (context.WithCancelCause): that is how revoked access ends open
// subscriptions.
package stream
